import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Alert, createUlidFactory, ManualClock, seededRandom } from '@pdm/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { makeDetector } from '../src/agent.js';
import { DetectionEngine } from '../src/domain/engine.js';
import { ModelRunner } from '../src/io/model-runner.js';
import { BASE, config } from './helpers/engine.js';

const here = dirname(fileURLToPath(import.meta.url));
const artifact = join(here, '..', '..', 'models', 'artifacts', 'anomaly-centrifugal-pump', 'v1');
const card = JSON.parse(readFileSync(join(artifact, 'card.json'), 'utf8')) as {
  features: { sensors: string[]; windowSeconds: number; scaler: { mean: number[] } };
};

/** A centrifugal pump's samples every 10 s; `shift(i)` adds to vib_rms in sigma-like units. */
function pumpSamples(n: number, shift: (i: number) => number) {
  const rnd = seededRandom(5);
  const { sensors, scaler } = card.features;
  return Array.from({ length: n }, (_, i) => {
    const readings: Record<string, number> = {};
    sensors.forEach((s, j) => {
      const mean = scaler.mean[2 * j] as number;
      const spread = Math.max(1e-3, scaler.mean[2 * j + 1] as number);
      readings[s] = mean + (rnd() - 0.5) * 2 * spread * 1.7 + (s === 'vib_rms' ? shift(i) * 10 * spread : 0);
    });
    return { ts: BASE + i * 10_000, readings };
  });
}

describe('tfjs anomaly model on tumbling windows, scored in batches', () => {
  it('opens an anomaly alert for a pump whose vibration departs from the healthy fleet, none while healthy', async () => {
    const cfg = config({
      assets: [{ id: 'pump-02', type: 'centrifugal_pump' }],
      models: [
        {
          id: 'ae-pump',
          path: artifact,
          failureMode: 'anomaly',
          openScore: 0.6,
          clearScore: 0.45,
          consecutive: 2,
        },
      ],
      modelBatch: { size: 4, every: '10s' },
    });
    const runner = await ModelRunner.load(cfg.models, {
      batch: cfg.modelBatch,
      logger: pino({ level: 'silent' }),
    });
    const alerts: Alert[] = [];
    const engine = new DetectionEngine(cfg, {
      clock: new ManualClock(BASE + 365 * 86_400_000),
      mintId: createUlidFactory(seededRandom(1)),
      makeDetector,
      models: { bindings: runner.bindings, onWindow: (w) => runner.enqueue(w) },
      sink: { alert: (a) => alerts.push(a), rollup: () => {} },
    });
    runner.start((asset, signal) => engine.applySignal(asset, signal));
    const perWindow = card.features.windowSeconds / 10;
    const healthy = pumpSamples(perWindow * 6, () => 0);
    engine.ingestJson('pdm/v1/plant-1/pump-02/telemetry', JSON.stringify(healthy));
    runner.flush();
    expect(runner.scored).toBe(5);
    expect(alerts).toEqual([]);
    const worn = pumpSamples(perWindow * 6, () => 6).map((s) => ({
      ...s,
      ts: s.ts + perWindow * 6 * 10_000,
    }));
    engine.ingestJson('pdm/v1/plant-1/pump-02/telemetry', JSON.stringify(worn));
    runner.stop();
    expect(runner.scored).toBe(11);
    expect(runner.batches).toBeGreaterThan(1);
    expect(alerts.map((a) => [a.state, a.source, a.ruleOrModel, a.failureMode])).toEqual([
      ['open', 'anomaly', 'ae-pump', 'anomaly'],
    ]);
    expect(alerts[0]?.version).toBe('anomaly-centrifugal-pump@v1');
    expect(Object.keys(alerts[0]?.evidence ?? {})).toEqual(card.features.sensors);
  }, 30_000);
});
