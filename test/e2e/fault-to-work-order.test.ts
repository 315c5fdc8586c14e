// The first real path, end to end: simulator -> embedded MQTT broker -> edge agent (rules, SQLite
// outbox, QoS1) -> cloud (SQLite) -> one proposed work order, through real sockets and databases.
import { groundTruthOf, loadScenario } from '@pdm/firmware-sim';
import {
  type Alert,
  AlertSchema,
  alertTopic,
  telemetryTopic,
  WorkOrderDetailSchema,
  WorkOrderPageSchema,
} from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginToken, type Stack, startStack } from '../src/index.js';

const SPEED = 4_500; // ten times the scenario's own pace: 7 simulated hours in about 6 s
const truth = groundTruthOf(loadScenario('quick-demo'));

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('fault -> alert -> work order', () => {
  let stack: Stack;
  let tester: MqttClient;
  let token: string;
  const alertsSeen: Alert[] = [];

  beforeAll(async () => {
    stack = await startStack({
      adminPassword: 'e2e-admin-password',
      speed: SPEED,
      logLevel: 'silent',
      beforeSimulation: async ({ brokerUrl, login }) => {
        tester = await mqtt.connectAsync(brokerUrl, { ...login, reconnectPeriod: 0 });
        tester.on('message', (_topic, payload) =>
          alertsSeen.push(AlertSchema.parse(JSON.parse(String(payload)))),
        );
        await tester.subscribeAsync('pdm/v1/+/+/alerts', { qos: 1 });
      },
    });
    await stack.sim.done;
    await until(
      'the outbox to drain',
      () => stack.edge.stats().outboxDepth === 0 && stack.edge.stats().alertsOpened > 0,
    );
    await until('the cloud to see every delivered alert', () => {
      return stack.cloud.stats().alertsReceived >= stack.edge.stats().alertsDelivered;
    });
    token = await loginToken(stack.cloud.url, 'admin', 'e2e-admin-password');
  }, 90_000);

  afterAll(async () => {
    await tester?.endAsync();
    await stack?.stop();
  });

  const api = async (path: string) => {
    const res = await fetch(`${stack.cloud.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status, path).toBe(200);
    return res.json();
  };

  it('raises exactly one work order, for the failing pump, before it fails', async () => {
    const page = WorkOrderPageSchema.parse(await api('/work-orders'));
    expect(page.items).toHaveLength(1);
    const [order] = page.items;
    expect(order).toMatchObject({ siteId: 'plant-1', assetId: 'pump-02', failureMode: 'bearing_wear' });
    expect(order?.status).toBe('proposed');
    const failing = truth.assets.find((a) => a.assetId === 'pump-02');
    expect(failing?.failureMode).toBe('bearing_wear');
    expect(order?.firstAlertAt).toBeLessThan(failing?.failureAt as number);
  });

  it('carries the alert and its evidence: the vibration that crossed the limit', async () => {
    const page = WorkOrderPageSchema.parse(await api('/work-orders'));
    const detail = WorkOrderDetailSchema.parse(await api(`/work-orders/${page.items[0]?.id}`));
    const opened = alertsSeen.find((a) => a.state === 'open');
    expect(opened).toBeDefined();
    expect(detail.alerts.map((a) => a.id)).toContain(opened?.id);
    const points = detail.evidence.vib_rms ?? [];
    expect(points.length).toBeGreaterThan(10);
    expect(points.filter(([, v]) => v > 7.1).length).toBeGreaterThan(points.length / 2);
  });

  it('healthy assets, including the one with sensor spikes, get no work order', async () => {
    for (const assetId of ['pump-01', 'motor-01', 'fan-01']) {
      const page = WorkOrderPageSchema.parse(await api(`/work-orders?assetId=${assetId}`));
      expect(page.items, assetId).toHaveLength(0);
    }
    expect(alertsSeen.every((a) => a.assetId === 'pump-02')).toBe(true);
  });

  it('a replayed alert id creates nothing new', async () => {
    const before = WorkOrderPageSchema.parse(await api('/work-orders')).items;
    const duplicates = stack.cloud.stats().alertsDuplicate;
    const opened = alertsSeen.find((a) => a.state === 'open') as Alert;
    for (let i = 0; i < 3; i++) {
      await tester.publishAsync(alertTopic(opened.siteId, opened.assetId), JSON.stringify(opened), {
        qos: 1,
      });
    }
    await until('the replays to be seen', () => stack.cloud.stats().alertsDuplicate >= duplicates + 3);
    const after = WorkOrderPageSchema.parse(await api('/work-orders')).items;
    expect(after.map((o) => [o.id, o.alertCount])).toEqual(before.map((o) => [o.id, o.alertCount]));
  });

  it('malformed telemetry is counted and nothing crashes', async () => {
    const bad = () => Object.values(stack.edge.stats().badMessages).reduce((a, b) => a + b, 0);
    const badBefore = bad();
    const accepted = stack.edge.stats().samplesAccepted;
    const topic = telemetryTopic('plant-1', 'pump-01');
    const ts = truth.endAt + 1_000;
    const payloads = [
      'not json',
      '{"ts":"yesterday","readings":{"vib_rms":1}}',
      `{"ts":${ts},"readings":{"vib_rms":1e400}}`,
      `[{"ts":${ts},"readings":{}}]`,
      Buffer.from([0xff, 0x00, 0xfe]),
    ];
    for (const p of payloads) await tester.publishAsync(topic, p, { qos: 1 });
    await until('the bad messages to be counted', () => bad() >= badBefore + payloads.length);
    await tester.publishAsync(topic, JSON.stringify({ ts: ts + 10_000, readings: { vib_rms: 2.2 } }), {
      qos: 1,
    });
    await until(
      'a good sample after the bad ones',
      () => stack.edge.stats().samplesAccepted === accepted + 1,
    );
    expect(stack.edge.badMessages().length).toBeGreaterThan(0);
  });
});
