import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCmapss } from '../src/datasets/cmapss.js';
import { evaluateRul } from '../src/eval/rul-eval.js';
import { selectBackend } from '../src/runtime/backend.js';
import { RulPredictor } from '../src/runtime/rul-predictor.js';

const ROOT = join(import.meta.dirname, '..', 'artifacts');
const VERSIONS = readdirSync(join(ROOT, 'rul-fd001'));
const CMAPSS = join(
  process.env.PDM_DATASETS ?? join(import.meta.dirname, '../../../shared/datasets'),
  'cmapss',
);

describe('committed RUL artifact', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('at least one FD001 artifact is committed', () => {
    expect(VERSIONS.length).toBeGreaterThan(0);
  });

  it.each(VERSIONS)('FD001 %s reproduces the metrics its card records', async (version) => {
    const predictor = await RulPredictor.load(join(ROOT, 'rul-fd001', version), { window: 30, cap: 125 });
    const data = await loadCmapss(CMAPSS, 'FD001');
    expect(predictor.card.dataset.sha256).toBe(data.sha256);
    const { metrics, predictions } = evaluateRul(predictor, data);
    expect(metrics.units).toBe(100);
    expect(Math.abs(metrics.rmse - (predictor.card.metrics.rmse as number))).toBeLessThan(0.01);
    expect(Math.abs(metrics.nasa - (predictor.card.metrics.nasa as number)) / metrics.nasa).toBeLessThan(
      0.001,
    );
    for (const p of predictions) expect(p.p10 <= p.p50 && p.p50 <= p.p90).toBe(true);
  });
});
