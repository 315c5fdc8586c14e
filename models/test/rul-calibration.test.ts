import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/runtime/backend.js';
import { parseModelCard } from '../src/runtime/card.js';
import { calibrateInterval } from '../src/runtime/rul-predictor.js';
import { seededRandom } from '../src/train/random.js';
import { memberSplit } from '../src/train/rul.js';
import {
  type CalibrationSample,
  conformalQuantile,
  fitIntervalCalibration,
  memberOutputsModel,
} from '../src/train/rul-calibration.js';
import { buildRulModel, mergeEnsemble } from '../src/train/rul-model.js';

/** Samples whose band is too narrow by a known amount: truth ~ p50 + N(0, 10), band p50 +- 5. */
function tooNarrow(n: number, seed: number): CalibrationSample[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const p50 = (i % 120) + 1;
    const u = Math.max(1e-12, random());
    const noise = 10 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return { p10: p50 - 5, p50, p90: p50 + 5, truth: p50 + noise };
  });
}

const covered = (xs: CalibrationSample[], cal: ReturnType<typeof fitIntervalCalibration>) =>
  xs.filter((s) => {
    const d = calibrateInterval(s, { ...cal, method: 'test', units: 1, note: '' });
    return s.truth >= d.p10 && s.truth <= d.p90;
  }).length / xs.length;

describe('RUL interval calibration', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('conformalQuantile takes the ceil((n + 1) q)-th smallest value', () => {
    expect(conformalQuantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(conformalQuantile([5, 1, 4, 2, 3], 0.9)).toBe(5);
    expect(conformalQuantile([1, 2, 3, 4, 5, 6, 7, 8, 9], 0.8)).toBe(8);
  });

  it('widens a too-narrow band to the nominal 80% on fresh samples of the same kind', () => {
    const cal = fitIntervalCalibration(tooNarrow(3000, 1), {
      level: 0.8,
      edges: [0, 40, 80],
      minWindows: 100,
    });
    expect(cal.bins.map((b) => b.fromP50)).toEqual([0, 40, 80]);
    // 1.2816 sigma (10% tail of N(0, 10)) minus the half-width 5 is about 7.8 cycles each side.
    for (const b of cal.bins) {
      expect(b.lower).toBeGreaterThan(6);
      expect(b.lower).toBeLessThan(10);
      expect(b.upper).toBeGreaterThan(6);
      expect(b.upper).toBeLessThan(10);
    }
    const before = tooNarrow(3000, 2).filter((s) => s.truth >= s.p10 && s.truth <= s.p90).length / 3000;
    expect(before).toBeLessThan(0.45);
    expect(Math.abs(covered(tooNarrow(3000, 2), cal) - 0.8)).toBeLessThan(0.03);
  });

  it('merges a bin with too few samples into its lower neighbour', () => {
    const samples = tooNarrow(1000, 3).filter((s) => s.p50 < 100);
    const cal = fitIntervalCalibration(samples, { level: 0.8, edges: [0, 50, 100], minWindows: 50 });
    expect(cal.bins.map((b) => b.fromP50)).toEqual([0, 50]);
    expect(cal.bins.reduce((a, b) => a + b.windows, 0)).toBe(samples.length);
  });

  it('calibrateInterval picks the bin by p50, keeps the band ordered and p10 non-negative', () => {
    const cal = {
      method: 'm',
      level: 0.8,
      units: 1,
      windows: 2,
      note: '',
      bins: [
        { fromP50: 0, lower: 3, upper: -20, windows: 1 },
        { fromP50: 50, lower: 10, upper: 5, windows: 1 },
      ],
    };
    expect(calibrateInterval({ p10: 2, p50: 10, p90: 15 }, cal)).toEqual({ p10: 0, p50: 10, p90: 10 });
    expect(calibrateInterval({ p10: 40, p50: 60, p90: 70 }, cal)).toEqual({ p10: 30, p50: 60, p90: 75 });
    expect(calibrateInterval({ p10: 40, p50: 60, p90: 70 }, undefined)).toEqual({
      p10: 40,
      p50: 60,
      p90: 70,
    });
  });

  it('the card refuses bins that do not start at 0 or do not increase, naming the field', () => {
    const card = {
      name: 'rul-x',
      version: 'v1',
      task: 'rul',
      createdAt: 'now',
      dataset: { name: 'd', sha256: '0'.repeat(64), rows: 1 },
      features: {
        kind: 'cmapss-window',
        sensors: [2],
        window: 2,
        cap: 125,
        smoothing: 1,
        scaler: { centres: [[0, 0, 0]], mean: [[0]], std: [[1]] },
      },
      metrics: {},
      seed: 1,
      training: { seconds: 0, backend: 'cpu', config: {}, command: 'x' },
      intervalCalibration: {
        method: 'm',
        level: 0.8,
        units: 1,
        windows: 2,
        note: '',
        bins: [
          { fromP50: 10, lower: 1, upper: 1, windows: 1 },
          { fromP50: 5, lower: 1, upper: 1, windows: 1 },
        ],
      },
    };
    expect(() => parseModelCard(card)).toThrow(
      /intervalCalibration\.bins: bins must start at 0 and increase/,
    );
  });

  it('memberOutputsModel gives each member of a merged ensemble, whose mean is the ensemble', () => {
    const members = [1, 2, 3].map((seed) =>
      buildRulModel({ architecture: 'dense', window: 4, features: 3, units: 4, seed }),
    );
    const merged = mergeEnsemble(members, [4, 3]);
    const x = tf.randomUniform([5, 4, 3], -1, 1, 'float32', 7);
    const split = memberOutputsModel(merged).predict(x) as tf.Tensor[];
    expect(split).toHaveLength(3);
    const direct = members.map((m) => (m.predict(x) as tf.Tensor).arraySync() as number[][]);
    split.forEach((t, k) => {
      const got = t.arraySync() as number[][];
      got.forEach((row, i) => {
        row.forEach((v, j) => {
          expect(v).toBeCloseTo(direct[k]?.[i]?.[j] as number, 5);
        });
      });
    });
    const mean = tf.addN(split).div(3).arraySync() as number[][];
    const whole = (merged.predict(x) as tf.Tensor).arraySync() as number[][];
    mean.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(v).toBeCloseTo(whole[i]?.[j] as number, 5);
      });
    });
    expect(memberOutputsModel(members[0] as tf.LayersModel)).toBe(members[0]);
  });

  it('memberSplit rebuilds the same held-out units from the seed, different per member', () => {
    const units = Array.from({ length: 100 }, (_, i) => i + 1).flatMap((u) => [u, u, u]);
    const a = memberSplit(units, { seed: 1, validationShare: 0.15 }, 2).val;
    const b = memberSplit(units, { seed: 1, validationShare: 0.15 }, 2).val;
    const c = memberSplit(units, { seed: 1, validationShare: 0.15 }, 3).val;
    expect([...a]).toEqual([...b]);
    expect(a.size).toBe(15);
    expect([...a]).not.toEqual([...c]);
  });
});
