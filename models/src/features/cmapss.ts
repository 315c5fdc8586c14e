/**
 * C-MAPSS feature code shared by RUL training and serving: parsing, capped RUL targets,
 * operating-condition clustering, per-condition scaling fitted on training rows only, and windows.
 * Pure: no I/O.
 */

/** The 14 informative sensors (1-based sensor numbers) used by the literature. */
export const CMAPSS_SENSORS = [2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21] as const;

export interface CmapssRow {
  unit: number;
  cycle: number;
  settings: [number, number, number];
  /** All 21 sensors, index 0 = sensor 1. */
  sensors: number[];
}

/** Parses the space-separated C-MAPSS text (26 columns, trailing spaces). */
export function parseCmapss(text: string): CmapssRow[] {
  const rows: CmapssRow[] = [];
  for (const line of text.split('\n')) {
    const c = line.trim().split(/\s+/).map(Number);
    if (c.length < 26) continue;
    rows.push({
      unit: c[0] as number,
      cycle: c[1] as number,
      settings: [c[2] as number, c[3] as number, c[4] as number],
      sensors: c.slice(5, 26),
    });
  }
  return rows;
}

/** Rows grouped by unit, each in cycle order. */
export function groupByUnit(rows: readonly CmapssRow[]): Map<number, CmapssRow[]> {
  const units = new Map<number, CmapssRow[]>();
  for (const r of rows) {
    const list = units.get(r.unit) ?? [];
    list.push(r);
    units.set(r.unit, list);
  }
  for (const list of units.values()) list.sort((a, b) => a.cycle - b.cycle);
  return units;
}

/** Piecewise-linear target: cycles to failure, capped. */
export function cappedRul(cyclesToFailure: number, cap: number): number {
  return Math.min(cap, Math.max(0, cyclesToFailure));
}

/**
 * Operating conditions are discrete points in settings space: leader clustering (a new centre
 * whenever a point is farther than `tolerance` from every centre), then centres moved to their
 * members' means. FD001 gives one centre, FD002 six.
 */
export function fitConditionCentres(settings: readonly (readonly number[])[], tolerance = 1): number[][] {
  const centres: number[][] = [];
  for (const s of settings) {
    if (centres.length < 12 && nearestIndex(centres, s).distance > tolerance) centres.push([...s]);
  }
  const sums = centres.map((c) => c.map(() => 0));
  const counts = centres.map(() => 0);
  for (const s of settings) {
    const k = nearestIndex(centres, s).index;
    counts[k] = (counts[k] as number) + 1;
    s.forEach((v, j) => {
      (sums[k] as number[])[j] = ((sums[k] as number[])[j] as number) + v;
    });
  }
  return sums
    .map((sum, k) => sum.map((v) => v / Math.max(1, counts[k] as number)))
    .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[2] as number) - (b[2] as number));
}

export function nearestIndex(
  centres: readonly (readonly number[])[],
  point: readonly number[],
): { index: number; distance: number } {
  let index = 0;
  let distance = Number.POSITIVE_INFINITY;
  centres.forEach((c, k) => {
    let d = 0;
    for (let j = 0; j < c.length; j++) d += ((c[j] as number) - (point[j] as number)) ** 2;
    if (Math.sqrt(d) < distance) {
      distance = Math.sqrt(d);
      index = k;
    }
  });
  return { index, distance };
}

/** Per-condition mean and standard deviation of each selected sensor. */
export interface ConditionScaler {
  centres: number[][];
  mean: number[][];
  std: number[][];
}

export function fitConditionScaler(
  rows: readonly CmapssRow[],
  sensors: readonly number[],
  centres: number[][],
): ConditionScaler {
  const k = centres.length;
  const sum = Array.from({ length: k }, () => sensors.map(() => 0));
  const sq = Array.from({ length: k }, () => sensors.map(() => 0));
  const n = new Array<number>(k).fill(0);
  for (const r of rows) {
    const c = nearestIndex(centres, r.settings).index;
    n[c] = (n[c] as number) + 1;
    sensors.forEach((s, j) => {
      const v = r.sensors[s - 1] as number;
      (sum[c] as number[])[j] = ((sum[c] as number[])[j] as number) + v;
      (sq[c] as number[])[j] = ((sq[c] as number[])[j] as number) + v * v;
    });
  }
  const mean = sum.map((row, c) => row.map((v) => v / Math.max(1, n[c] as number)));
  const std = sq.map((row, c) =>
    row.map((v, j) => {
      const m = (mean[c] as number[])[j] as number;
      const variance = v / Math.max(1, n[c] as number) - m * m;
      return variance > 1e-12 ? Math.sqrt(variance) : 1;
    }),
  );
  return { centres, mean, std };
}

/** The selected sensors of one row, standardised with its operating condition's statistics. */
export function scaleRow(row: CmapssRow, sensors: readonly number[], scaler: ConditionScaler): number[] {
  const c = nearestIndex(scaler.centres, row.settings).index;
  const mean = scaler.mean[c] as number[];
  const std = scaler.std[c] as number[];
  return sensors.map((s, j) => ((row.sensors[s - 1] as number) - (mean[j] as number)) / (std[j] as number));
}

/** Causal exponential smoothing of each column of a unit's scaled rows (alpha 1 = none). */
export function smoothColumns(rows: readonly number[][], alpha: number): number[][] {
  if (alpha >= 1 || rows.length === 0) return rows.map((r) => [...r]);
  const out: number[][] = [];
  let prev = [...(rows[0] as number[])];
  for (const r of rows) {
    prev = r.map((v, j) => alpha * v + (1 - alpha) * (prev[j] as number));
    out.push(prev);
  }
  return out;
}

/**
 * The window of `length` rows ending at `end` (inclusive); rows before the start are padded
 * with the unit's first row, so short units still yield a window.
 */
export function windowEndingAt(rows: readonly number[][], end: number, length: number): number[][] {
  const out: number[][] = [];
  for (let i = end - length + 1; i <= end; i++) out.push(rows[Math.max(0, i)] as number[]);
  return out;
}
