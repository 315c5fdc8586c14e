import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArtifact, saveArtifact } from '../src/runtime/artifact.js';
import { selectBackend } from '../src/runtime/backend.js';
import { assertFeatureSpec, type ModelCard, ModelCardError, parseModelCard } from '../src/runtime/card.js';
import { RulPredictor } from '../src/runtime/rul-predictor.js';
import { buildRulModel } from '../src/train/rul-model.js';

export function sampleCard(): ModelCard {
  return {
    name: 'rul-sample',
    version: 'v1',
    task: 'rul',
    createdAt: '2026-01-01T00:00:00.000Z',
    dataset: { name: 'sample', sha256: 'a'.repeat(64), rows: 10 },
    features: {
      kind: 'cmapss-window',
      sensors: [2, 3],
      window: 4,
      cap: 125,
      smoothing: 1,
      scaler: { centres: [[0, 0, 100]], mean: [[1, 2]], std: [[1, 1]] },
    },
    metrics: { rmse: 1 },
    seed: 7,
    training: { seconds: 1, backend: 'wasm', config: {}, command: 'test' },
  };
}

describe('artifacts', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('round-trip: the loaded model predicts what the saved one did', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'pdm-art-')), 'rul-sample', 'v1');
    const model = buildRulModel({ architecture: 'gru', window: 4, features: 2, units: 4, seed: 3 });
    await saveArtifact(dir, model, sampleCard());
    const x = tf.randomNormal([3, 4, 2], 0, 1, 'float32', 5);
    const before = (model.predict(x) as tf.Tensor).arraySync();
    const loaded = await loadArtifact(dir);
    expect((loaded.model.predict(x) as tf.Tensor).arraySync()).toEqual(before);
    expect(loaded.card).toEqual(sampleCard());
    const predictor = await RulPredictor.load(dir, { sensors: [2, 3], window: 4 });
    const [d] = predictor.predictWindows(new Float32Array(8), 1);
    expect(d!.p10).toBeLessThanOrEqual(d!.p50);
    expect(d!.p50).toBeLessThanOrEqual(d!.p90);
  });

  it('refuses a card with missing or malformed fields, naming each', () => {
    const bad = { ...sampleCard(), seed: 'x', dataset: { name: 'd', sha256: 'nothex', rows: 1 } };
    expect(() => parseModelCard(bad)).toThrow(ModelCardError);
    try {
      parseModelCard(bad);
    } catch (err) {
      expect((err as ModelCardError).issues.join('\n')).toMatch(/seed/);
      expect((err as ModelCardError).issues.join('\n')).toMatch(/dataset\.sha256/);
    }
  });

  it('refuses a model whose feature spec differs from the caller', () => {
    expect(() => assertFeatureSpec(sampleCard(), { window: 30 })).toThrow(
      /window: model rul-sample@v1 has 4, caller gives 30/,
    );
    expect(() => assertFeatureSpec(sampleCard(), { sensors: [2, 3], window: 4 })).not.toThrow();
  });

  it('loading a directory with a corrupted card fails before reading weights', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'pdm-art-')), 'x', 'v1');
    const model = buildRulModel({ architecture: 'dense', window: 4, features: 2, units: 4, seed: 1 });
    await saveArtifact(dir, model, sampleCard());
    const card = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8'));
    card.features.window = -1;
    await writeFile(join(dir, 'card.json'), JSON.stringify(card));
    await expect(loadArtifact(dir)).rejects.toThrow(/features/);
    await expect(RulPredictor.load(dir)).rejects.toBeInstanceOf(ModelCardError);
  });
});
