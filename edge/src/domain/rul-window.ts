import { type CmapssRow, type RulFeatureSpec, scaleRow } from '@pdm/models/online';
import type { Evidence } from '@pdm/shared';
import { z } from 'zod';

/** Which readings feed a RUL model: card sensor n is reading `sensorPrefix + n`; three settings. */
export interface RulInputs {
  spec: RulFeatureSpec;
  sensorPrefix: string;
  settings: readonly string[];
  /** Cycles an asset must have sent before it is scored. */
  minCycles: number;
}

/** One asset's latest window, ready for the RUL model. */
export interface RulCycle {
  /** window x features values, row-major, as the model was trained on. */
  x: Float32Array;
  /** Cycles seen for this asset (1 = its first sample here). */
  cycle: number;
  /** Event time of the first cycle in the window. */
  since: number;
  /** Median event time between the window's cycles (NaN with one cycle). */
  intervalMs: number;
  /** The raw readings of the card's sensors over the window. */
  evidence: Evidence;
}

/** What a RulCycleWindow keeps, to store across restarts (checked against the card on restore). */
export const RulWindowStateSchema = z
  .object({
    count: z.number().int().min(1),
    smoothed: z.array(z.number()),
    first: z.array(z.number()),
    rows: z.array(z.number()),
    times: z.array(z.number()),
    raw: z.array(z.number()),
  })
  .strict();
export type RulWindowState = z.infer<typeof RulWindowStateSchema>;

/**
 * The per-asset state a C-MAPSS-style RUL model needs, kept incrementally, one sample = one cycle:
 * each row scaled with its operating condition's statistics and smoothed causally exactly as
 * `unitFeatureRows` does in training (smoothing from the asset's first cycle, age channel
 * cycle / cycleScale when the card has one), and the last `window` rows with their times and raw
 * values. Windows shorter than the card's are padded with the first row, as in training.
 * Samples missing any of the readings are skipped (not counted as a cycle).
 */
export class RulCycleWindow {
  private readonly width: number;
  private readonly rows: Float32Array;
  private readonly times: Float64Array;
  private readonly raw: Float64Array;
  private first: Float32Array | undefined;
  private smoothed: number[] | undefined;
  private count = 0;
  private readonly names: string[];
  private readonly row: CmapssRow;

  constructor(private readonly inputs: RulInputs) {
    const spec = inputs.spec;
    this.width = spec.sensors.length + (spec.cycleScale ? 1 : 0);
    this.rows = new Float32Array(spec.window * this.width);
    this.times = new Float64Array(spec.window);
    this.raw = new Float64Array(spec.window * spec.sensors.length);
    this.names = spec.sensors.map((n) => `${inputs.sensorPrefix}${n}`);
    this.row = { unit: 0, cycle: 0, settings: [0, 0, 0], sensors: new Array(21).fill(0) };
  }

  get cycles(): number {
    return this.count;
  }

  /** The state to store (undefined before the first cycle). */
  snapshot(): RulWindowState | undefined {
    if (this.count === 0 || !this.first || !this.smoothed) return undefined;
    return {
      count: this.count,
      smoothed: [...this.smoothed],
      first: Array.from(this.first),
      rows: Array.from(this.rows),
      times: Array.from(this.times),
      raw: Array.from(this.raw),
    };
  }

  /** Carry on from a stored state; false (and nothing changed) when it does not fit this card. */
  restore(state: RulWindowState): boolean {
    const spec = this.inputs.spec;
    const fits =
      state.smoothed.length === spec.sensors.length &&
      state.first.length === this.width &&
      state.rows.length === this.rows.length &&
      state.times.length === this.times.length &&
      state.raw.length === this.raw.length;
    if (!fits) return false;
    this.count = state.count;
    this.smoothed = [...state.smoothed];
    this.first = Float32Array.from(state.first);
    this.rows.set(state.rows);
    this.times.set(state.times);
    this.raw.set(state.raw);
    return true;
  }

  push(ts: number, readings: Readonly<Record<string, number>>): RulCycle | undefined {
    const spec = this.inputs.spec;
    const row = this.row;
    for (let k = 0; k < 3; k++) {
      const v = readings[this.inputs.settings[k] as string];
      if (v === undefined) return undefined;
      row.settings[k] = v;
    }
    for (let j = 0; j < spec.sensors.length; j++) {
      const v = readings[this.names[j] as string];
      if (v === undefined) return undefined;
      row.sensors[(spec.sensors[j] as number) - 1] = v;
    }
    this.count++;
    row.cycle = this.count;
    const scaled = scaleRow(row, spec.sensors, spec.scaler);
    const alpha = spec.smoothing;
    const prev = this.smoothed;
    const smoothed =
      prev === undefined || alpha >= 1
        ? scaled
        : scaled.map((v, j) => alpha * v + (1 - alpha) * (prev[j] as number));
    this.smoothed = smoothed;
    const features = spec.cycleScale ? [...smoothed, this.count / spec.cycleScale] : smoothed;
    const slot = (this.count - 1) % spec.window;
    this.rows.set(features, slot * this.width);
    this.times[slot] = ts;
    for (let j = 0; j < spec.sensors.length; j++)
      this.raw[slot * spec.sensors.length + j] = readings[this.names[j] as string] as number;
    if (this.first === undefined) this.first = Float32Array.from(features);
    if (this.count < this.inputs.minCycles) return undefined;
    return this.window();
  }

  private window(): RulCycle {
    const spec = this.inputs.spec;
    const w = spec.window;
    const x = new Float32Array(w * this.width);
    const have = Math.min(this.count, w);
    const pad = w - have;
    for (let i = 0; i < pad; i++) x.set(this.first as Float32Array, i * this.width);
    const times: number[] = [];
    const evidence: Evidence = {};
    for (const name of this.names) evidence[name] = [];
    for (let i = 0; i < have; i++) {
      const slot = (this.count - have + i) % w;
      x.set(this.rows.subarray(slot * this.width, (slot + 1) * this.width), (pad + i) * this.width);
      const t = this.times[slot] as number;
      times.push(t);
      this.names.forEach((name, j) => {
        (evidence[name] as [number, number][]).push([t, this.raw[slot * spec.sensors.length + j] as number]);
      });
    }
    return { x, cycle: this.count, since: times[0] as number, intervalMs: medianStep(times), evidence };
  }
}

function medianStep(times: readonly number[]): number {
  if (times.length < 2) return Number.NaN;
  const steps = times
    .slice(1)
    .map((t, i) => t - (times[i] as number))
    .sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] as number;
}
