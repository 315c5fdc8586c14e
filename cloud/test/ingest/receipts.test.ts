// End-to-end receipts: a committed alert and a duplicate of one are both receipted to their
// gateway; a rejected alert is not (the edge keeps it).
import { AlertReceiptSchema, alertTopic, receiptTopic, TOPIC_FILTERS } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type MqttIngest, startMqttIngest } from '../../src/ingest/mqtt-ingest.js';
import { startTestBroker, type TestBroker, waitFor } from '../support/broker.js';
import { alertFactory } from '../support/fixtures.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('MQTT ingest receipts', () => {
  let broker: TestBroker | undefined;
  let h: Harness | undefined;
  let ingest: MqttIngest | undefined;
  let edge: MqttClient | undefined;
  afterEach(async () => {
    await edge?.endAsync();
    await ingest?.stop();
    await h?.close();
    await broker?.close();
  });

  it('receipts committed and duplicate alerts, not rejected ones', async () => {
    broker = await startTestBroker();
    h = await createHarness();
    ingest = await startMqttIngest(
      { ctx: h.ctx, counters: h.counters, logger: pino({ level: 'silent' }) },
      { url: broker.url },
    );
    edge = await mqtt.connectAsync(broker.url);
    const received: { topic: string; ids: string[] }[] = [];
    edge.on('message', (topic, payload) => {
      const receipt = AlertReceiptSchema.parse(JSON.parse(payload.toString('utf8')));
      received.push({ topic, ids: receipt.ids });
    });
    await edge.subscribeAsync(TOPIC_FILTERS.receipts, { qos: 1 });
    const next = alertFactory(17);
    const [a, b] = [next(), next()];
    const rejected = { ...next(), score: 'NaN' };
    const topic = alertTopic('plant-1', 'pump-02');
    await edge.publishAsync(topic, JSON.stringify(a), { qos: 1 });
    await edge.publishAsync(topic, JSON.stringify(rejected), { qos: 1 });
    await edge.publishAsync(topic, JSON.stringify(b), { qos: 1 });
    await waitFor(() => (received.flatMap((r) => r.ids).length >= 2 ? true : undefined));
    await edge.publishAsync(topic, JSON.stringify(a), { qos: 1 }); // a resend of a committed alert
    await waitFor(() => (received.flatMap((r) => r.ids).length >= 3 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const ids = received.flatMap((r) => r.ids);
    expect(ids.sort()).toEqual([a!.id, a!.id, b!.id].sort());
    expect(ids).not.toContain(rejected.id);
    for (const r of received) expect(r.topic).toBe(receiptTopic(a!.gatewayId));
    expect(h.counters).toMatchObject({ alertsReceived: 3, alertsDuplicate: 1, alertsRejected: 1 });
  });
});
