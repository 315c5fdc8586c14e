import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCmapss } from '../src/datasets/cmapss.js';
import { loadArtifact } from '../src/runtime/artifact.js';
import { selectBackend } from '../src/runtime/backend.js';
import { memberSplit } from '../src/train/rul.js';
import { validateEnsemble, weightedFigures } from '../src/train/rul-validation.js';

const CMAPSS = join(
  process.env.PDM_DATASETS ?? join(import.meta.dirname, '../../../shared/datasets'),
  'cmapss',
);
const V4 = join(import.meta.dirname, '..', 'artifacts', 'rul-fd001', 'v4');

describe('RUL validation on held-out training units', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('weightedFigures weighs errors, drops zero weights and caps the truth at 125 for rmseCapped', () => {
    const f = weightedFigures([100, 130, 50], [110, 150, 0], [3, 1, 0]);
    expect(f.windows).toBe(2);
    expect(f.rmse).toBeCloseTo(Math.sqrt((3 * 100 + 400) / 4), 10);
    expect(f.rmseCapped).toBeCloseTo(Math.sqrt((3 * 100 + 25) / 4), 10);
    expect(f.nasa).toBeCloseTo((3 * (Math.exp(10 / 13) - 1) + (Math.exp(20 / 13) - 1)) / 4, 10);
  });

  it('scores a committed ensemble on exactly the units its members held out, against uncapped RUL', async () => {
    const { model, card } = await loadArtifact(V4);
    if (card.features.kind !== 'cmapss-window') throw new Error('not a RUL card');
    const data = await loadCmapss(CMAPSS, 'FD001');
    const cfg = { seed: card.seed, validationShare: 0.15 };
    const one = validateEnsemble(model, data, card.features, cfg, 1);
    const units = [...new Set(data.train.map((r) => r.unit))];
    expect(one.members).toBe(1);
    expect(one.units).toBe(memberSplit(units, cfg, 0).val.size);
    // The model never predicts much above its cap of 125, so uncapped truth costs far more.
    expect(one.everyCycle.rmse).toBeGreaterThan(one.everyCycle.rmseCapped + 10);
    expect(one.everyCycle.rmseCapped).toBeLessThan(20);
    // Only truncations after as many cycles as some test unit has count, so fewer than every cycle.
    expect(one.testLengths.windows).toBeGreaterThan(0);
    expect(one.testLengths.windows).toBeLessThan(one.everyCycle.windows);
    const all = validateEnsemble(model, data, card.features, cfg);
    expect(all.members).toBe(10);
    expect(all.units).toBeGreaterThan(one.units);
  }, 120_000);
});
