import { z } from 'zod';
import {
  type CmapssRow,
  type ConditionScaler,
  cappedRul,
  groupByUnit,
  scaleRow,
  smoothColumns,
  windowEndingAt,
} from './cmapss.js';

/** Everything needed to turn raw C-MAPSS-like rows into model input, stored in the model card. */
export const RulFeatureSpecSchema = z.object({
  kind: z.literal('cmapss-window'),
  sensors: z.array(z.number().int().min(1).max(21)).min(1),
  window: z.number().int().min(2).max(200),
  cap: z.number().positive(),
  smoothing: z.number().gt(0).max(1),
  /** When set, the unit's cycle count divided by this is appended to every row (age in service). */
  cycleScale: z.number().positive().optional(),
  scaler: z.object({
    centres: z.array(z.array(z.number()).length(3)).min(1),
    mean: z.array(z.array(z.number())),
    std: z.array(z.array(z.number().positive())),
  }),
});
export type RulFeatureSpec = z.infer<typeof RulFeatureSpecSchema>;

/** Values per row of a window: the sensors, plus the cycle count when the spec asks for it. */
export function featureCount(spec: RulFeatureSpec): number {
  return spec.sensors.length + (spec.cycleScale ? 1 : 0);
}

/** Scaled and smoothed feature rows of one unit, in cycle order. */
export function unitFeatureRows(rows: readonly CmapssRow[], spec: RulFeatureSpec): number[][] {
  const scaler: ConditionScaler = spec.scaler;
  const smoothed = smoothColumns(
    rows.map((r) => scaleRow(r, spec.sensors, scaler)),
    spec.smoothing,
  );
  const scale = spec.cycleScale;
  return scale ? smoothed.map((row, i) => [...row, (rows[i] as CmapssRow).cycle / scale]) : smoothed;
}

export interface RulWindows {
  /** Flattened windows, each window x sensors values, row-major. */
  x: Float32Array;
  /** Capped RUL at each window's last cycle (NaN when unknown). */
  y: Float32Array;
  units: number[];
  count: number;
}

/** Every window of every training unit (run to failure), targets capped. */
export function trainingWindows(rows: readonly CmapssRow[], spec: RulFeatureSpec): RulWindows {
  const xs: number[][][] = [];
  const ys: number[] = [];
  const units: number[] = [];
  for (const [unit, list] of groupByUnit(rows)) {
    const feats = unitFeatureRows(list, spec);
    const last = (list[list.length - 1] as CmapssRow).cycle;
    for (let end = Math.min(spec.window, list.length) - 1; end < list.length; end++) {
      xs.push(windowEndingAt(feats, end, spec.window));
      ys.push(cappedRul(last - (list[end] as CmapssRow).cycle, spec.cap));
      units.push(unit);
    }
  }
  return pack(xs, ys, units);
}

/** The last window of each (truncated) unit, with its true RUL when given (in unit order). */
export function lastWindows(
  rows: readonly CmapssRow[],
  spec: RulFeatureSpec,
  trueRul?: readonly number[],
): RulWindows {
  const xs: number[][][] = [];
  const ys: number[] = [];
  const units: number[] = [];
  const grouped = [...groupByUnit(rows)].sort((a, b) => a[0] - b[0]);
  grouped.forEach(([unit, list], i) => {
    const feats = unitFeatureRows(list, spec);
    xs.push(windowEndingAt(feats, list.length - 1, spec.window));
    ys.push(trueRul ? (trueRul[i] ?? Number.NaN) : Number.NaN);
    units.push(unit);
  });
  return pack(xs, ys, units);
}

function pack(xs: number[][][], ys: number[], units: number[]): RulWindows {
  const w = xs[0]?.length ?? 0;
  const f = xs[0]?.[0]?.length ?? 0;
  const x = new Float32Array(xs.length * w * f);
  let k = 0;
  for (const win of xs) for (const row of win) for (const v of row) x[k++] = v;
  return { x, y: Float32Array.from(ys), units, count: xs.length };
}
