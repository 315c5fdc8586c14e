import { type Alert, createUlidFactory, ManualClock, seededRandom } from '@pdm/shared';
import { makeDetector } from '../../src/agent.js';
import { type EdgeConfig, type EdgeConfigInput, parseEdgeConfig } from '../../src/config.js';
import { DetectionEngine } from '../../src/domain/engine.js';
import type { Rollup } from '../../src/domain/rollup.js';

export const BASE = Date.UTC(2026, 0, 5, 6, 0, 0);

export function config(extra: Partial<EdgeConfigInput> = {}): EdgeConfig {
  return parseEdgeConfig({
    gatewayId: 'gw-unit',
    source: { url: 'mqtt://127.0.0.1:1' },
    storage: { outboxPath: ':memory:' },
    ...extra,
  });
}

/** A pure engine with a manual clock well after the samples, collecting alerts and rollups. */
export function engineWith(extra: Partial<EdgeConfigInput> = {}, seed = 1) {
  const alerts: Alert[] = [];
  const rollups: Rollup[] = [];
  const clock = new ManualClock(BASE + 365 * 86_400_000);
  const engine = new DetectionEngine(config(extra), {
    clock,
    mintId: createUlidFactory(seededRandom(seed)),
    makeDetector,
    sink: { alert: (a) => alerts.push(a), rollup: (r) => rollups.push(r) },
  });
  const feed = (asset: string, points: [number, Record<string, number>][]) => {
    const samples = points.map(([ts, readings]) => ({ ts, readings }));
    engine.ingestJson(`pdm/v1/site-a/${asset}/telemetry`, JSON.stringify(samples));
  };
  return { engine, alerts, rollups, clock, feed };
}

/** `n` points every `stepMs` starting at `from`, value from `f(i)`. */
export function series(
  from: number,
  n: number,
  stepMs: number,
  f: (i: number) => number,
  sensor = 'vib_rms',
) {
  return Array.from(
    { length: n },
    (_, i) => [from + i * stepMs, { [sensor]: f(i) }] as [number, Record<string, number>],
  );
}
