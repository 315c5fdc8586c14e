import type { Operation } from '../scenarios/schema.js';
import { exponential, type Uniform } from './random.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The operating state a machine is in at one instant: what a naive detector mistakes for faults. */
export interface OperatingPoint {
  running: boolean;
  /** Load as a fraction of rated (0 when stopped), lagging its set point by a couple of minutes. */
  load: number;
  /** Milliseconds since the last start (large when it has run for long). */
  sinceStart: number;
  /** Ambient temperature, degC, with a day/night swing. */
  ambient: number;
}

/**
 * Steps an asset's operating pattern forward in time: day and night shifts, random load steps,
 * stop/start cycles. Deterministic given its random stream; call `at` with increasing times.
 */
export class OperatingPattern {
  private running = true;
  private stopUntil = 0;
  private nextStopAt: number;
  private nextLoadChangeAt: number;
  private demand = 0;
  private load = -1;
  private startedAt: number;
  private lastT: number;
  readonly point: OperatingPoint = { running: true, load: 0, sinceStart: 0, ambient: 20 };

  constructor(
    private readonly op: Operation,
    private readonly rng: Uniform,
    private readonly ctx: { startAt: number; utcOffsetHours: number },
  ) {
    this.startedAt = ctx.startAt - DAY_MS;
    this.lastT = ctx.startAt;
    this.nextStopAt = this.scheduleNext(ctx.startAt, op.startsPerDay);
    this.nextLoadChangeAt = this.scheduleNext(ctx.startAt, op.loadChangesPerDay);
  }

  /** The operating point at time t; `forcedStop` is set once the machine has failed and tripped. */
  at(t: number, forcedStop: boolean): OperatingPoint {
    const dt = Math.max(0, t - this.lastT);
    this.lastT = t;
    this.updateRunState(t);
    if (t >= this.nextLoadChangeAt) {
      this.demand = Math.max(-0.25, Math.min(0.25, this.demand * 0.5 + (this.rng() - 0.5) * 0.4));
      this.nextLoadChangeAt = this.scheduleNext(t, this.op.loadChangesPerDay);
    }
    const hour = localHour(t, this.ctx.utcOffsetHours);
    const setPoint = clamp(this.shiftLoad(hour) + this.demand, 0.05, 1.15);
    const alpha = this.load < 0 ? 1 : 1 - Math.exp(-dt / 120_000);
    this.load = this.load < 0 ? setPoint : this.load + (setPoint - this.load) * alpha;
    const running = this.running && !forcedStop;
    const p = this.point;
    p.running = running;
    p.load = running ? this.load : 0;
    p.sinceStart = t - this.startedAt;
    p.ambient = 20 + 6 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
    return p;
  }

  private updateRunState(t: number): void {
    if (this.running && t >= this.nextStopAt) {
      this.running = false;
      this.stopUntil = t + 600_000 + this.rng() * 1_800_000;
    } else if (!this.running && t >= this.stopUntil) {
      this.running = true;
      this.startedAt = t;
      this.nextStopAt = this.scheduleNext(t, this.op.startsPerDay);
    }
  }

  /** Day-shift load with half-hour ramps at the shift changes. */
  private shiftLoad(hour: number): number {
    const { dayStartHour: a, dayEndHour: b, dayLoad, nightLoad } = this.op;
    const inside = a <= b ? Math.min(hour - a, b - hour) : Math.max(hour - a, b - hour);
    const dayness = clamp(inside / 0.5 + 0.5, 0, 1);
    return nightLoad + (dayLoad - nightLoad) * dayness;
  }

  private scheduleNext(t: number, perDay: number): number {
    return perDay > 0 ? t + exponential(this.rng, DAY_MS / perDay) : Number.POSITIVE_INFINITY;
  }
}

export function localHour(t: number, utcOffsetHours: number): number {
  const h = (t / HOUR_MS + utcOffsetHours) % 24;
  return h < 0 ? h + 24 : h;
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
