import { describe, expect, it } from 'vitest';
import {
  type CmapssRow,
  cappedRul,
  fitConditionCentres,
  fitConditionScaler,
  parseCmapss,
  scaleRow,
  windowEndingAt,
} from '../src/features/cmapss.js';
import { featureCount, unitFeatureRows } from '../src/features/rul-spec.js';

const row = (unit: number, cycle: number, settings: [number, number, number], s2: number): CmapssRow => ({
  unit,
  cycle,
  settings,
  sensors: Array.from({ length: 21 }, (_, i) => (i === 1 ? s2 : i)),
});

describe('C-MAPSS features', () => {
  it('parses the 26 space-separated columns with trailing spaces', () => {
    const rows = parseCmapss(
      `1 1 -0.0007 -0.0004 100.0 ${Array.from({ length: 21 }, (_, i) => i + 1).join(' ')}  \n\n`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.settings).toEqual([-0.0007, -0.0004, 100]);
    expect(rows[0]!.sensors[20]).toBe(21);
  });
  it('caps the RUL target piecewise-linearly', () => {
    expect([cappedRul(300, 125), cappedRul(40, 125), cappedRul(-1, 125)]).toEqual([125, 40, 0]);
  });
  it('finds one condition in jittered settings and six discrete ones when they exist', () => {
    const jitter = Array.from({ length: 50 }, (_, i) => [0.001 * Math.sin(i), 0.0002 * Math.cos(i), 100]);
    expect(fitConditionCentres(jitter)).toHaveLength(1);
    const points = [
      [0, 0, 100],
      [10, 0.25, 100],
      [20, 0.7, 100],
      [25, 0.62, 60],
      [35, 0.84, 100],
      [42, 0.84, 100],
    ];
    const six = points.flatMap((p) => [p, p.map((v, j) => (j === 0 ? v + 0.004 : v))]);
    const centres = fitConditionCentres(six);
    expect(centres).toHaveLength(6);
    expect(centres[3]![0]).toBeCloseTo(25.002, 6);
  });
  it('scales each condition with its own training statistics', () => {
    const train = [
      row(1, 1, [0, 0, 100], 10),
      row(1, 2, [0, 0, 100], 12),
      row(1, 3, [42, 0.84, 100], 100),
      row(1, 4, [42, 0.84, 100], 104),
    ];
    const centres = fitConditionCentres(train.map((r) => r.settings));
    const scaler = fitConditionScaler(train, [2], centres);
    expect(scaleRow(row(2, 1, [0, 0, 100], 12), [2], scaler)).toEqual([1]);
    expect(scaleRow(row(2, 1, [42, 0.84, 100], 100), [2], scaler)).toEqual([-1]);
  });
  it('appends the cycle count as an age feature only when the spec asks for it', () => {
    const rows = [row(1, 1, [0, 0, 100], 10), row(1, 2, [0, 0, 100], 12)];
    const scaler = { centres: [[0, 0, 100]], mean: [[11]], std: [[1]] };
    const spec = { kind: 'cmapss-window' as const, sensors: [2], window: 2, cap: 125, smoothing: 1, scaler };
    expect(unitFeatureRows(rows, spec)).toEqual([[-1], [1]]);
    expect(unitFeatureRows(rows, { ...spec, cycleScale: 100 })).toEqual([
      [-1, 0.01],
      [1, 0.02],
    ]);
    expect(featureCount({ ...spec, cycleScale: 100 })).toBe(2);
  });

  it('pads windows of short units with their first row', () => {
    const rows = [[1], [2], [3]];
    expect(windowEndingAt(rows, 2, 5)).toEqual([[1], [1], [1], [2], [3]]);
    expect(windowEndingAt(rows, 2, 2)).toEqual([[2], [3]]);
  });
});
