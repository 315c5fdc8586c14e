import { alertTopic, gatewayStatusTopic, WorkOrderDetailSchema, WorkOrderPageSchema } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../../src/config.js';
import { type CloudService, startCloud } from '../../src/start.js';
import { startTestBroker, type TestBroker, waitFor } from '../support/broker.js';
import { alertFactory } from '../support/fixtures.js';

const PASSWORD = 'demo-admin-password';

describe('the running service with MQTT ingest', () => {
  let broker: TestBroker;
  let cloud: CloudService;
  let publisher: MqttClient;
  let token: string;

  beforeEach(async () => {
    broker = await startTestBroker();
    const config = loadCloudConfig(
      {
        PDM_CLOUD_DATABASE_URL: ':memory:',
        PDM_CLOUD_PORT: '0',
        PDM_CLOUD_ADMIN_PASSWORD: PASSWORD,
        PDM_CLOUD_MQTT_URL: broker.url,
      },
      { logLevel: 'silent' },
    );
    cloud = await startCloud(config, { logger: pino({ level: 'silent' }) });
    publisher = await mqtt.connectAsync(broker.url, { clientId: 'edge-test' });
    const login = await fetch(`${cloud.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    token = ((await login.json()) as { token: string }).token;
  });
  afterEach(async () => {
    await publisher?.endAsync();
    await cloud?.stop();
    await broker?.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`${cloud.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('turns QoS 1 alerts into one proposed work order with the evidence, and dead-letters bad ones', async () => {
    const next = alertFactory(3);
    const alerts = [next(), next({ severity: 'major' }), next()];
    const topic = alertTopic('plant-1', 'pump-02');
    for (const alert of alerts) await publisher.publishAsync(topic, JSON.stringify(alert), { qos: 1 });
    await publisher.publishAsync(topic, JSON.stringify(alerts[0]), { qos: 1 }); // a redelivery
    await publisher.publishAsync(topic, '{"id": "nope"', { qos: 1 });
    await publisher.publishAsync(topic, JSON.stringify({ ...alerts[0], score: 'NaN' }), { qos: 1 });
    // Another site's alert on this site's topic.
    await publisher.publishAsync(topic, JSON.stringify(next({ siteId: 'plant-9' })), { qos: 1 });

    await waitFor(() =>
      cloud.stats().alertsReceived + cloud.stats().alertsRejected >= 7 ? true : undefined,
    );
    expect(cloud.stats()).toEqual({
      alertsReceived: 4,
      alertsDuplicate: 1,
      alertsRejected: 3,
      workOrders: 1,
    });

    const page = WorkOrderPageSchema.parse((await get('/api/v1/work-orders?status=proposed')).body);
    expect(page.items).toHaveLength(1);
    const detail = WorkOrderDetailSchema.parse((await get(`/api/v1/work-orders/${page.items[0]?.id}`)).body);
    expect(detail).toMatchObject({
      assetId: 'pump-02',
      failureMode: 'bearing_wear',
      alertCount: 3,
      severity: 'major',
    });
    expect(Object.keys(detail.evidence)).toEqual(['vib_rms']);

    const dead = (await get('/api/v1/dead-letters')).body as { items: { reason: string; topic: string }[] };
    expect(dead.items.map((d) => d.reason).sort()).toEqual([
      expect.stringMatching(/^not JSON/),
      expect.stringMatching(/^score: /),
      expect.stringMatching(/^topic is for plant-1\/pump-02 but the alert is for plant-9/),
    ]);
  });

  it('records gateway status from the status topic', async () => {
    const status = { gatewayId: 'gw-1', state: 'online', ts: Date.now(), counters: { alertsSent: 3 } };
    await publisher.publishAsync(gatewayStatusTopic('gw-1'), JSON.stringify(status), {
      qos: 1,
      retain: true,
    });
    const gateways = await waitFor(async () => {
      const body = (await get('/api/v1/gateways')).body as {
        items: { id: string; state: string; stale: boolean }[];
      };
      return body.items.length > 0 ? body.items : undefined;
    });
    expect(gateways).toEqual([expect.objectContaining({ id: 'gw-1', state: 'online', stale: false })]);
  });
});
