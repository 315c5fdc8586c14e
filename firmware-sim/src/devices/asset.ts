import { type Condition, MODELS, type ModelState, newModelState, type Values } from '../physics/models.js';
import { OperatingPattern } from '../physics/operation.js';
import type { AssetPlan, SensorFaultPlan } from '../physics/plan.js';
import { damageAt } from '../physics/progression.js';
import { gaussianOf, streamOf } from '../physics/random.js';
import { type Damage, noDamage } from '../physics/vibration.js';
import { ASSET_CATALOG } from './catalog.js';
import { applySensorFault, measure, type Noise, noiseOf } from './sensors.js';

/** One simulated machine: call `sampleAt` with increasing sample times. */
export class SimulatedAsset {
  private readonly pattern: OperatingPattern;
  private readonly noise: () => number;
  private readonly surge: () => number;
  private readonly state: ModelState = newModelState();
  private readonly dmg: Damage = noDamage();
  private readonly truth: Values = {};
  private readonly held = new Map<SensorFaultPlan, number>();
  private readonly condition: Condition;
  /** Per reported sensor: its noise, its sample interval and the sensor faults that touch it. */
  private readonly channels: { id: string; noise: Noise; interval: number; faults: SensorFaultPlan[] }[];
  /** The distinct sample intervals of the sensors; one when they all share the asset's rate. */
  private readonly intervals: number[];
  private readonly startAt: number;
  private readonly silentAfterFailure: boolean;
  private lastT: number;

  constructor(
    readonly plan: AssetPlan,
    seed: number,
    startAt: number,
  ) {
    const ids = [plan.siteId, plan.assetId];
    this.pattern = new OperatingPattern(plan.operation, streamOf(seed, ...ids, 'operation'), {
      startAt,
      utcOffsetHours: plan.utcOffsetHours,
    });
    this.noise = gaussianOf(streamOf(seed, ...ids, 'noise'));
    this.surge = gaussianOf(streamOf(seed, ...ids, 'process'));
    this.silentAfterFailure = ASSET_CATALOG[plan.type].afterFailure === 'silent';
    this.lastT = startAt - plan.sampleInterval;
    this.startAt = startAt;
    this.channels = plan.sensors.map((id, i) => ({
      id,
      noise: noiseOf(id),
      interval: plan.sensorIntervals[i] ?? plan.sampleInterval,
      faults: plan.sensorFaults.filter((f) => f.sensor === id),
    }));
    this.intervals = [...new Set(this.channels.map((c) => c.interval))];
    this.condition = { op: this.pattern.point, dmg: this.dmg, dt: 0, surge: this.surge, speedFraction: 1 };
  }

  /**
   * The first sample time after t (a sample time itself): the earliest next tick of any sensor,
   * each sensor ticking at `start + k * interval`.
   */
  nextSampleAfter(t: number): number {
    const intervals = this.intervals;
    if (intervals.length === 1) return t + (intervals[0] as number);
    let next = Number.POSITIVE_INFINITY;
    for (const interval of intervals) {
      const tick = this.startAt + (Math.floor((t - this.startAt) / interval) + 1) * interval;
      if (tick < next) next = tick;
    }
    return next;
  }

  /**
   * The readings of the sensors due at sample time t (all of them when they share one rate), or
   * null when the asset has failed and no longer reports or every due reading dropped out.
   */
  sampleAt(t: number): Record<string, number> | null {
    const failed = this.plan.failureAt !== null && t >= this.plan.failureAt;
    if (failed && this.silentAfterFailure) return null;
    const dt = t - this.lastT;
    this.lastT = t;
    this.condition.op = this.pattern.at(t, failed);
    this.condition.dt = dt;
    this.updateDamage(t);
    MODELS[this.plan.type](this.condition, this.state, this.truth);
    return this.measureAll(t);
  }

  private updateDamage(t: number): void {
    const dmg = this.dmg;
    for (const f of this.plan.faults) {
      const d = damageAt(f, t);
      if (d > dmg[f.mode]) dmg[f.mode] = d;
    }
  }

  private measureAll(t: number): Record<string, number> | null {
    const readings: Record<string, number> = {};
    let count = 0;
    const mixed = this.intervals.length > 1;
    for (const ch of this.channels) {
      if (mixed && (t - this.startAt) % ch.interval !== 0) continue;
      let value: number | undefined = measure(ch.noise, this.truth[ch.id] ?? 0, this.noise);
      for (const f of ch.faults) {
        if (value === undefined) break;
        if (t >= f.startAt && t < f.endAt) value = applySensorFault(f, t, value, this.held);
      }
      if (value !== undefined) {
        readings[ch.id] = value;
        count++;
      }
    }
    return count > 0 ? readings : null;
  }
}
