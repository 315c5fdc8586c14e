// The edge agent against a real Mosquitto (PDM_TEST_MOSQUITTO_URL): telemetry in on one
// connection, alerts out at QoS 1 and the retained gateway status on another.
import { randomUUID } from 'node:crypto';
import { type EdgeAgent, parseEdgeConfig, startAgent } from '@pdm/edge';
import { type Alert, AlertSchema, GatewayStatusSchema, receiptTopic } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findServer, SERVERS } from '../src/servers.js';
import { DEMO_RULES } from '../src/stack.js';

const url = await findServer(SERVERS.mosquitto);
const T0 = Date.UTC(2026, 0, 5, 6, 0, 0);

async function until<T>(check: () => T, what: string, ms = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!url)('edge agent with Mosquitto', () => {
  const run = randomUUID().slice(0, 8);
  const site = `it-${run}`;
  const gatewayId = `gw-${run}`;
  let agent: EdgeAgent;
  let cloud: MqttClient;
  const alerts: Alert[] = [];
  const statuses: unknown[] = [];

  beforeAll(async () => {
    cloud = await mqtt.connectAsync(url as string, { clientId: `cloud-${run}` });
    cloud.on('message', (topic, payload) => {
      if (payload.length === 0) return;
      const body = JSON.parse(payload.toString());
      if (topic.endsWith('/alerts')) {
        const alert = AlertSchema.parse(body);
        alerts.push(alert);
        // Act as the cloud: receipt the alert, so the edge can remove it from its outbox.
        const receipt = { gatewayId: alert.gatewayId, ids: [alert.id], ts: Date.now() };
        cloud.publish(receiptTopic(alert.gatewayId), JSON.stringify(receipt), { qos: 1 });
      } else statuses.push(GatewayStatusSchema.parse(body));
    });
    await cloud.subscribeAsync([`pdm/v1/${site}/+/alerts`, `pdm/v1/gateways/${gatewayId}/status`], {
      qos: 1,
    });
    agent = await startAgent(
      parseEdgeConfig({
        gatewayId,
        logLevel: 'silent',
        source: { url, qos: 1 },
        storage: { outboxPath: ':memory:' },
        rules: DEMO_RULES,
      }),
    );
  });
  afterAll(async () => {
    await agent?.stop();
    await cloud?.endAsync();
  });

  it('turns 11 minutes above 7.1 into one QoS1 alert and keeps a retained online status', async () => {
    const device = await mqtt.connectAsync(url as string, { clientId: `dev-${run}` });
    for (let i = 0; i < 80; i++) {
      const vib = i < 10 ? 3 : 8;
      const sample = { ts: T0 + i * 10_000, readings: { vib_rms: vib } };
      await device.publishAsync(`pdm/v1/${site}/pump-02/telemetry`, JSON.stringify(sample), { qos: 1 });
      await device.publishAsync(
        `pdm/v1/${site}/motor-01/telemetry`,
        JSON.stringify({ ...sample, readings: { vib_rms: i % 20 === 5 ? 12 : 2 } }),
        { qos: 1 },
      );
    }
    await device.endAsync();
    const open = await until(() => alerts.find((a) => a.state === 'open'), 'the alert');
    expect(open).toMatchObject({
      siteId: site,
      assetId: 'pump-02',
      failureMode: 'bearing_wear',
      gatewayId,
      openedAt: T0 + 70 * 10_000,
    });
    await until(
      () => agent.stats().outboxDepth === 0 && agent.stats().alertsDelivered === 1,
      'delivery acknowledged',
    );
    expect(alerts.filter((a) => a.assetId === 'motor-01')).toEqual([]);
    const online = await until(
      () => statuses.find((s) => (s as { state: string }).state === 'online'),
      'online status',
    );
    expect(online).toMatchObject({ gatewayId });
  });

  it('leaves a retained offline status when it stops', async () => {
    await agent.stop();
    const watcher = await mqtt.connectAsync(url as string, { clientId: `watch-${run}` });
    const seen: { state: string }[] = [];
    watcher.on('message', (_t, p) => {
      if (p.length > 0) seen.push(JSON.parse(p.toString()));
    });
    await watcher.subscribeAsync(`pdm/v1/gateways/${gatewayId}/status`, { qos: 1 });
    const retained = await until(() => seen[0], 'retained status');
    expect(retained).toMatchObject({ state: 'offline', reason: 'gateway stopped' });
    // Clear the retained message so the broker does not keep test gateways forever.
    await watcher.publishAsync(`pdm/v1/gateways/${gatewayId}/status`, '', { qos: 1, retain: true });
    await watcher.endAsync();
  });
});
