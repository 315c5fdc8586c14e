import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert, AlertSchema } from '@pdm/shared';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../src/agent.js';
import { parseEdgeConfig } from '../src/config.js';
import { startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { waitFor } from './helpers/wait.js';

const T0 = Date.UTC(2026, 0, 5, 6, 0, 0);
const MINUTE = 60_000;
const TOPIC = 'pdm/v1/plant-1/pump-03/telemetry';

describe('alert evidence with the 1-minute rollup history', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  async function alertAfterTwoHours(evidenceMinutes: number): Promise<Alert> {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const alerts: Alert[] = [];
    const agent = await startAgent(
      parseEdgeConfig({
        gatewayId: 'gw-evidence',
        logLevel: 'silent',
        source: { url: broker.url },
        uplink: { receipts: false },
        storage: { dataDir: mkdtempSync(join(tmpdir(), 'pdm-edge-evidence-')) },
        alerts: { evidenceMinutes },
        rules: [{ id: 'vib', kind: 'threshold', sensor: 'vib_rms', above: 7.1, failureMode: 'bearing_wear' }],
      }),
      { onAlertCommitted: (a) => alerts.push(a) },
    );
    cleanup.push(() => agent.stop());
    const device = await mqtt.connectAsync(broker.url, { clientId: 'pump' });
    cleanup.push(() => device.endAsync(true));
    // Two hours every 10 s; within minute m every reading is 3 + m / 100, so its mean is exact.
    const history = Array.from({ length: 720 }, (_, i) => ({
      ts: T0 + i * 10_000,
      readings: { vib_rms: 3 + Math.floor(i / 6) / 100 },
    }));
    for (let i = 0; i < history.length; i += 60)
      await device.publishAsync(TOPIC, JSON.stringify(history.slice(i, i + 60)), { qos: 1 });
    await waitFor(() => agent.stats().samplesAccepted === history.length, 'history ingested');
    await new Promise((r) => setTimeout(r, 2_500)); // rollups are written to SQLite every second
    await device.publishAsync(TOPIC, JSON.stringify({ ts: T0 + 120 * MINUTE, readings: { vib_rms: 8 } }), {
      qos: 1,
    });
    return waitFor(() => alerts[0], 'the alert');
  }

  it('adds the last N stored minutes of each evidence sensor as <sensor>_1m (means), within the schema limits', async () => {
    const alert = await alertAfterTwoHours(30);
    expect(AlertSchema.safeParse(alert).success).toBe(true);
    expect(alert.evidence.vib_rms?.length).toBeGreaterThan(0);
    const history = alert.evidence.vib_rms_1m ?? [];
    // Minutes 91..120 are asked for; 119 closed with the alert's own sample and is still in the
    // write buffer, 120 is open: 91..118 are stored.
    expect(history.map(([t]) => (t - T0) / MINUTE)).toEqual(Array.from({ length: 28 }, (_, i) => 91 + i));
    for (const [t, mean] of history) expect(mean).toBeCloseTo(3 + (t - T0) / MINUTE / 100, 9);
  }, 60_000);

  it('adds nothing when evidenceMinutes is 0 (the default)', async () => {
    const alert = await alertAfterTwoHours(0);
    expect(Object.keys(alert.evidence)).toEqual(['vib_rms']);
  }, 60_000);
});
