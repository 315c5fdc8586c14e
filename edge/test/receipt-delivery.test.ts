// The agent keeps an alert the broker acknowledged until the cloud's receipt, resends it when the
// receipt is late, and with `uplink.receipts: false` forgets it on the PUBACK.
import { type Alert, AlertSchema } from '@pdm/shared';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../src/agent.js';
import { startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { BEARING_RULE, demoConfig, T0 } from './helpers/demo-config.js';
import { answerReceipts } from './helpers/receipts.js';
import { waitFor } from './helpers/wait.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup.length = 0;
});

async function setup(uplink: Record<string, unknown>) {
  const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
  cleanup.push(() => broker.close());
  const cloud = await mqtt.connectAsync(broker.url, { clientId: 'cloud' });
  cleanup.push(() => cloud.endAsync(true));
  const alerts: Alert[] = [];
  cloud.on('message', (topic, payload) => {
    if (topic.endsWith('/alerts')) alerts.push(AlertSchema.parse(JSON.parse(payload.toString())));
  });
  await cloud.subscribeAsync('pdm/v1/+/+/alerts', { qos: 1 });
  const config = demoConfig(broker.url, {
    rules: [{ ...BEARING_RULE, for: 0 }],
    uplink: { retryMin: 50, retryMax: 200, ...uplink },
  });
  const agent = await startAgent(config);
  cleanup.push(() => agent.stop());
  await waitFor(() => agent.stats().uplinkConnected, 'uplink connected');
  const device = await mqtt.connectAsync(broker.url, { clientId: 'device' });
  cleanup.push(() => device.endAsync(true));
  const hot = JSON.stringify({ ts: T0, readings: { vib_rms: 9 } });
  await device.publishAsync('pdm/v1/plant-1/pump-01/telemetry', hot, { qos: 1 });
  return { agent, cloud, alerts };
}

describe('receipted delivery', () => {
  it('resends an acknowledged alert until its receipt arrives, then forgets it', async () => {
    const { agent, cloud, alerts } = await setup({ receiptTimeout: 200 });
    await waitFor(() => alerts.length >= 3, 'the alert sent three times without a receipt', 10_000);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(1);
    expect(agent.stats()).toMatchObject({ outboxDepth: 1, alertsDelivered: 0 });
    answerReceipts(cloud);
    await waitFor(() => agent.stats().outboxDepth === 0, 'outbox drained by the receipt', 10_000);
    expect(agent.stats()).toMatchObject({
      alertsDelivered: 1,
      alertsAwaitingReceipt: 0,
      receiptsRejected: 0,
    });
  });

  it('counts a bad receipt and carries on', async () => {
    const { agent, cloud, alerts } = await setup({});
    await waitFor(() => agent.stats().alertsAwaitingReceipt === 1, 'awaiting its receipt');
    await cloud.publishAsync('pdm/v1/gateways/gw-test/receipts', '{"ids": "nope"}', { qos: 1 });
    await waitFor(() => agent.stats().receiptsRejected === 1, 'bad receipt counted');
    const receipt = { gatewayId: 'gw-test', ids: [alerts[0]?.id], ts: T0 };
    await cloud.publishAsync('pdm/v1/gateways/gw-test/receipts', JSON.stringify(receipt), { qos: 1 });
    await waitFor(() => agent.stats().outboxDepth === 0, 'outbox drained by the receipt');
    expect(agent.stats().alertsDelivered).toBe(1);
  });

  it('without receipts, forgets an alert on its PUBACK', async () => {
    const { agent, alerts } = await setup({ receipts: false });
    await waitFor(() => agent.stats().alertsDelivered === 1, 'delivered on PUBACK');
    expect(agent.stats()).toMatchObject({ outboxDepth: 0, alertsAwaitingReceipt: 0 });
    expect(alerts).toHaveLength(1);
  });
});
