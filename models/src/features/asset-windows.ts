/**
 * Tumbling-window features of one asset's multi-sensor samples, shared by anomaly-model training
 * and the edge: for each window of `windowSeconds` of event time, the mean and standard deviation
 * of every listed sensor. A window missing a sensor (or holding a non-finite value) is dropped.
 * Pure and online: push samples in time order, completed windows come back.
 */

export const ASSET_WINDOW_STATS = ['mean', 'std'] as const;

export interface AssetWindow {
  /** Start of the window, epoch ms. */
  start: number;
  /** `[sensor0 mean, sensor0 std, sensor1 mean, ...]` */
  vector: number[];
}

export function assetWindowFeatureNames(sensors: readonly string[]): string[] {
  return sensors.flatMap((s) => ASSET_WINDOW_STATS.map((k) => `${s}.${k}`));
}

export class AssetWindowAccumulator {
  private start = Number.NaN;
  private n: number[];
  private sum: number[];
  private sq: number[];
  private bad = false;

  constructor(
    private readonly sensors: readonly string[],
    private readonly windowSeconds: number,
  ) {
    this.n = sensors.map(() => 0);
    this.sum = sensors.map(() => 0);
    this.sq = sensors.map(() => 0);
  }

  /** Adds one sample; returns the window it completed, if any. */
  push(ts: number, readings: Readonly<Record<string, number | null | undefined>>): AssetWindow | undefined {
    const span = this.windowSeconds * 1000;
    let done: AssetWindow | undefined;
    if (Number.isNaN(this.start)) this.start = Math.floor(ts / span) * span;
    if (ts >= this.start + span) {
      done = this.flush();
      this.start = Math.floor(ts / span) * span;
    }
    this.sensors.forEach((s, j) => {
      const v = readings[s];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        this.bad = true;
        return;
      }
      this.n[j] = (this.n[j] as number) + 1;
      this.sum[j] = (this.sum[j] as number) + v;
      this.sq[j] = (this.sq[j] as number) + v * v;
    });
    return done;
  }

  private flush(): AssetWindow | undefined {
    const complete = !this.bad && this.n.every((c) => c >= 2);
    const vector = complete
      ? this.sensors.flatMap((_, j) => {
          const c = this.n[j] as number;
          const mean = (this.sum[j] as number) / c;
          return [mean, Math.sqrt(Math.max(0, (this.sq[j] as number) / c - mean * mean))];
        })
      : undefined;
    const start = this.start;
    this.n = this.sensors.map(() => 0);
    this.sum = this.sensors.map(() => 0);
    this.sq = this.sensors.map(() => 0);
    this.bad = false;
    return vector ? { start, vector } : undefined;
  }
}

/** z-scaling fitted on training vectors; constant columns get a unit spread. */
export function fitVectorScaler(vectors: readonly number[][]): { mean: number[]; std: number[] } {
  const d = vectors[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (const v of vectors) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (v[j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / Math.max(1, vectors.length);
  for (const v of vectors)
    for (let j = 0; j < d; j++) sq[j] = (sq[j] as number) + ((v[j] as number) - (mean[j] as number)) ** 2;
  const std = sq.map((s) => {
    const sd = Math.sqrt(s / Math.max(1, vectors.length));
    return sd > 1e-9 ? sd : 1;
  });
  return { mean, std };
}

export function scaleVector(v: readonly number[], scaler: { mean: number[]; std: number[] }): number[] {
  return v.map((x, j) => (x - (scaler.mean[j] as number)) / (scaler.std[j] as number));
}

/** The q-quantile (0..1) of values, by linear interpolation. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}
