import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert, AlertSchema } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../src/agent.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { BEARING_RULE, demoConfig, STEP, T0 } from './helpers/demo-config.js';
import { answerReceipts } from './helpers/receipts.js';
import { waitFor } from './helpers/wait.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup.length = 0;
});

async function broker(port = 0): Promise<EmbeddedBroker> {
  const b = await startEmbeddedBroker({ port, allowAnonymous: true });
  cleanup.push(() => b.close());
  return b;
}

async function cloudOn(url: string, alerts: Alert[]): Promise<MqttClient> {
  const cloud = await mqtt.connectAsync(url, { clientId: `cloud-${Math.random()}` });
  cleanup.push(() => cloud.endAsync(true));
  answerReceipts(cloud);
  cloud.on('message', (topic, payload) => {
    if (topic.endsWith('/alerts')) alerts.push(AlertSchema.parse(JSON.parse(payload.toString())));
  });
  await cloud.subscribeAsync('pdm/v1/+/+/alerts', { qos: 1 });
  return cloud;
}

/** `count` alerts: each asset goes above 9 at once (immediate rule) on its own. */
async function raiseAlerts(url: string, count: number): Promise<void> {
  const device = await mqtt.connectAsync(url, { clientId: `dev-${Math.random()}` });
  for (let i = 0; i < count; i++) {
    const reading = { ts: T0 + i * STEP, readings: { vib_rms: 9 } };
    await device.publishAsync(`pdm/v1/plant-1/asset-${i}/telemetry`, JSON.stringify(reading), { qos: 1 });
  }
  await device.endAsync();
}

const immediate = { rules: [{ ...BEARING_RULE, for: 0 }] };

describe('durable delivery', () => {
  it('holds alerts while the uplink broker is down and delivers each after it returns, in order', async () => {
    const telemetry = await broker();
    let uplink = await broker();
    const port = uplink.port;
    const agent = await startAgent(
      demoConfig(telemetry.url, { ...immediate, uplink: { url: uplink.url, retryMin: 50, retryMax: 200 } }),
    );
    cleanup.push(() => agent.stop());
    await waitFor(() => agent.stats().uplinkConnected, 'uplink connected');
    await uplink.close();
    await waitFor(() => !agent.stats().uplinkConnected, 'uplink down');

    await raiseAlerts(telemetry.url, 20);
    await waitFor(() => agent.stats().alertsOpened === 20, '20 alerts committed');
    expect(agent.stats().outboxDepth).toBe(20);

    uplink = await broker(port);
    const alerts: Alert[] = [];
    await cloudOn(uplink.url, alerts);
    await waitFor(() => agent.stats().outboxDepth === 0, 'outbox drained', 15_000);
    await waitFor(() => alerts.length >= 20, '20 alerts at the cloud');
    expect(alerts.map((a) => a.assetId)).toEqual(Array.from({ length: 20 }, (_, i) => `asset-${i}`));
    expect(new Set(alerts.map((a) => a.id)).size).toBe(20);
    expect(agent.stats().uplinkReconnects).toBeGreaterThan(0);
  });

  it('delivers alerts committed before a restart of the agent', async () => {
    const telemetry = await broker();
    const uplink = await broker();
    const dataDir = mkdtempSync(join(tmpdir(), 'pdm-edge-restart-'));
    const dead = 'mqtt://127.0.0.1:9';
    const storage = { dataDir };
    const first = await startAgent(
      demoConfig(telemetry.url, { ...immediate, storage, uplink: { url: dead } }),
    );
    await raiseAlerts(telemetry.url, 5);
    await waitFor(() => first.stats().outboxDepth === 5, '5 alerts committed');
    await first.stop();

    const alerts: Alert[] = [];
    await cloudOn(uplink.url, alerts);
    const second = await startAgent(
      demoConfig(telemetry.url, { ...immediate, storage, uplink: { url: uplink.url } }),
    );
    cleanup.push(() => second.stop());
    await waitFor(() => alerts.length === 5, '5 alerts delivered after the restart');
    expect(alerts.map((a) => a.assetId)).toEqual(['asset-0', 'asset-1', 'asset-2', 'asset-3', 'asset-4']);
    await waitFor(() => second.stats().outboxDepth === 0, 'outbox empty');
  });
});
