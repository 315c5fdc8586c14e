import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCmapss } from '../src/datasets/cmapss.js';
import { rmse } from '../src/eval/rul-metrics.js';
import { selectBackend } from '../src/runtime/backend.js';
import { predictPoints } from '../src/train/fit-rul.js';
import { BASE_RUL_CONFIG, fitFeatureSpec, trainingWindows, trainMember } from '../src/train/rul.js';

const CMAPSS = join(
  process.env.PDM_DATASETS ?? join(import.meta.dirname, '../../../shared/datasets'),
  'cmapss',
);

describe('RUL training', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('a tiny run on 30 FD001 units beats the best constant predictor on held-out units', async () => {
    const data = await loadCmapss(CMAPSS, 'FD001');
    const small = { ...data, train: data.train.filter((r) => r.unit <= 30) };
    const cfg = {
      ...BASE_RUL_CONFIG,
      architecture: 'dense' as const,
      window: 10,
      units: 16,
      epochs: 6,
      patience: 6,
    };
    const spec = fitFeatureSpec(small, cfg);
    const windows = trainingWindows(small.train, spec);
    const member = await trainMember({ data: small, spec, windows }, cfg, { member: 0 });
    const heldOut = trainingWindows(
      data.train.filter((r) => r.unit > 90),
      spec,
    );
    const predicted = predictPoints(member.model, heldOut, {
      shape: [10, spec.sensors.length],
      cap: cfg.cap,
    });
    const truth = Array.from(heldOut.y);
    const mean = Array.from(windows.y).reduce((a, b) => a + b, 0) / windows.count;
    const constant = rmse(
      truth.map(() => mean),
      truth,
    );
    expect(rmse(predicted, truth)).toBeLessThan(constant * 0.7);
  });
});
