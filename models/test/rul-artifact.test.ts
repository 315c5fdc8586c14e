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

  it('the newest FD001 artifact carries an interval calibration and covers about 80% of capped RUL', async () => {
    const newest = [...VERSIONS].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1) as string;
    const predictor = await RulPredictor.load(join(ROOT, 'rul-fd001', newest));
    expect(predictor.card.intervalCalibration?.level).toBe(0.8);
    const { metrics } = evaluateRul(predictor, await loadCmapss(CMAPSS, 'FD001'));
    expect(metrics.coverage80Capped).toBeGreaterThanOrEqual(0.75);
    expect(metrics.coverage80Capped).toBeLessThanOrEqual(0.9);
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
    for (const key of ['coverage80', 'coverage80Capped', 'p10NotLate'] as const) {
      const recorded = predictor.card.metrics[key];
      if (recorded !== undefined) expect(Math.abs(metrics[key] - recorded)).toBeLessThan(0.011);
    }
    for (const p of predictions) expect(p.p10 <= p.p50 && p.p50 <= p.p90).toBe(true);
  });

  it('the newest FD002 artifact reproduces its card and records the cap it was trained with', async () => {
    const versions = readdirSync(join(ROOT, 'rul-fd002'));
    const newest = versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1) as string;
    const predictor = await RulPredictor.load(join(ROOT, 'rul-fd002', newest), { window: 20 });
    expect(predictor.card.training.config.cap ?? 125).toBe(predictor.spec.cap);
    const data = await loadCmapss(CMAPSS, 'FD002');
    expect(predictor.card.dataset.sha256).toBe(data.sha256);
    const { metrics } = evaluateRul(predictor, data);
    expect(metrics.units).toBe(259);
    for (const key of ['rmse', 'rmseCapped'] as const) {
      expect(Math.abs(metrics[key] - (predictor.card.metrics[key] as number))).toBeLessThan(0.01);
    }
    expect(
      Math.abs(metrics.coverage80Capped - (predictor.card.metrics.coverage80Capped as number)),
    ).toBeLessThan(0.011);
  }, 120_000);
});
