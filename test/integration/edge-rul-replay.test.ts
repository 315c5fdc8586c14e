// C-MAPSS FD001 engines replayed by the simulator through an embedded broker into the edge agent,
// which scores every cycle with the committed RUL artifact: engines near their end raise a RUL
// alert with a predicted failure time near the true one; young engines raise none.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEdgeConfig, startAgent, startEmbeddedBroker } from '@pdm/edge';
import { loadReplay, runReplay } from '@pdm/firmware-sim';
import { type Alert, AlertSchema } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { until } from '../src/chaos/ports.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const artifact = join(root, 'models', 'artifacts', 'rul-fd001', 'v5');
const cmapss = join(root, '..', 'shared', 'datasets', 'cmapss');
const HOUR = 3_600_000;

describe('RUL model at the edge on replayed C-MAPSS FD001 engines', () => {
  it('alerts for engines near their end with a sensible predicted failure time, not for young engines', async () => {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    const alerts: Alert[] = [];
    const agent = await startAgent(
      parseEdgeConfig({
        gatewayId: 'gw-rul',
        logLevel: 'silent',
        source: { url: broker.url },
        uplink: { receipts: false },
        storage: { dataDir: mkdtempSync(join(tmpdir(), 'pdm-edge-rul-')) },
        models: [
          {
            id: 'rul-fd001',
            kind: 'rul',
            path: artifact,
            match: { pattern: 'engine-*' },
            horizon: 20,
            consecutive: 3,
            escalate: [{ at: 8, severity: 'critical' }],
          },
        ],
        modelBatch: { size: 256, every: '200ms' },
      }),
      { onAlertCommitted: (a) => alerts.push(AlertSchema.parse(a)) },
    );
    const failures = new Map<string, number>();
    try {
      // Test engines: 31, 34, 68 end 8, 7 and 8 cycles before failure; 1, 39, 85 end after
      // 31-37 cycles with 112-142 cycles left. Train engine 1 runs to failure (192 cycles).
      const test = {
        kind: 'cmapss' as const,
        path: join(cmapss, 'test_FD001.txt'),
        rulPath: join(cmapss, 'RUL_FD001.txt'),
        siteId: 'fd001-test',
        units: [1, 31, 34, 39, 68, 85],
      };
      const train = {
        kind: 'cmapss' as const,
        path: join(cmapss, 'train_FD001.txt'),
        siteId: 'fd001-train',
        units: [1],
      };
      let samples = 0;
      for (const replay of [test, train]) {
        const data = loadReplay(replay);
        samples += data.samples.length;
        for (const f of data.failures) failures.set(`${f.siteId}/${f.assetId}`, f.failureAt);
        await runReplay({ replay, brokerUrl: broker.url, maxBatch: 50 }).done;
      }
      await until('every cycle ingested', () => agent.stats().samplesAccepted === samples, 60_000);
      await until('every window scored', () => agent.stats().modelWindowsScored >= samples - 7 * 29, 60_000);
    } finally {
      await agent.stop();
      await broker.close();
    }

    const opened = alerts.filter((a) => a.state === 'open');
    const key = (a: Alert) => `${a.siteId}/${a.assetId}`;
    const cycles = (t: number | undefined, a: Alert) =>
      Math.round(((t ?? 0) - (failures.get(key(a)) ?? 0)) / HOUR);
    console.log(
      JSON.stringify(
        opened.map((a) => ({
          asset: key(a),
          openedCyclesBeforeFailure: -cycles(a.observedAt, a),
          p10: cycles(a.predictedFailureAt?.p10, a),
          p50: cycles(a.predictedFailureAt?.p50, a),
          p90: cycles(a.predictedFailureAt?.p90, a),
        })),
      ),
    );
    expect(opened.map(key).sort()).toEqual([
      'fd001-test/engine-031',
      'fd001-test/engine-034',
      'fd001-test/engine-068',
      'fd001-train/engine-001',
    ]);
    for (const a of opened) {
      expect(a).toMatchObject({ source: 'rul', ruleOrModel: 'rul-fd001', version: 'rul-fd001@v5' });
      expect(a.failureMode).toBe('degradation');
      expect(a.score).toBeLessThan(20);
      const truth = failures.get(key(a)) as number;
      const p = a.predictedFailureAt;
      expect(p).toBeDefined();
      // The C-MAPSS cycle is one hour of event time here (the replay's default, observed by the edge).
      const errorCycles = ((p?.p50 ?? 0) - truth) / HOUR;
      expect(Math.abs(errorCycles)).toBeLessThan(20);
      expect(p?.p10).toBeLessThanOrEqual(truth + 5 * HOUR);
      expect(a.observedAt).toBeLessThan(truth);
      expect(a.evidence.rul_p10?.length).toBeGreaterThanOrEqual(3);
      expect(a.evidence.sensor_11?.length).toBe(30);
    }
    // Severity escalates as p10 falls: the train engine runs to failure, so p10 reaches 8 cycles.
    const train = alerts.filter((a) => a.siteId === 'fd001-train');
    expect(train.some((a) => a.severity === 'critical')).toBe(true);
  }, 180_000);
});
