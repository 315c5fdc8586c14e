// End-to-end receipts: a committed alert and a duplicate of one are both receipted to their
// gateway; a rejected alert is not (the edge keeps it). Receipts are dropped, not queued, while the
// broker is away.
import { AlertReceiptSchema, alertTopic, receiptTopic, TOPIC_FILTERS } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type MqttIngest, startMqttIngest } from '../../src/ingest/mqtt-ingest.js';
import { ReceiptPublisher } from '../../src/ingest/receipt-publisher.js';
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
    const misplaced = next({ siteId: 'plant-9' }); // pump-02 belongs to plant-1
    const topic = alertTopic('plant-1', 'pump-02');
    await edge.publishAsync(topic, JSON.stringify(a), { qos: 1 });
    await edge.publishAsync(topic, JSON.stringify(rejected), { qos: 1 });
    await edge.publishAsync(alertTopic('plant-9', 'pump-02'), JSON.stringify(misplaced), { qos: 1 });
    await edge.publishAsync(topic, JSON.stringify(b), { qos: 1 });
    await waitFor(() => (received.flatMap((r) => r.ids).length >= 2 ? true : undefined));
    await edge.publishAsync(topic, JSON.stringify(a), { qos: 1 }); // a resend of a committed alert
    await waitFor(() => (received.flatMap((r) => r.ids).length >= 3 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const ids = received.flatMap((r) => r.ids);
    expect(ids.sort()).toEqual([a!.id, a!.id, b!.id].sort());
    expect(ids).not.toContain(rejected.id);
    expect(ids).not.toContain(misplaced.id);
    for (const r of received) expect(r.topic).toBe(receiptTopic(a!.gatewayId));
    expect(h.counters).toMatchObject({ alertsReceived: 3, alertsDuplicate: 1, alertsRejected: 2 });
    const letters = await h.db.read((db) => db.select().from(h!.db.t.deadLetters));
    expect(letters.map((l) => l.reason)).toContainEqual(expect.stringContaining('belongs to site plant-1'));
  });

  it('drops receipts the broker cannot take instead of queueing them', () => {
    const sent: string[] = [];
    let connected = false;
    const publisher = new ReceiptPublisher(
      { publish: (_topic, payload) => (connected ? sent.push(payload) > 0 : false) },
      { now: () => 0 },
    );
    publisher.add('gw-1', 'a');
    publisher.flush();
    connected = true;
    publisher.add('gw-1', 'b');
    publisher.flush();
    expect({ published: publisher.published, dropped: publisher.dropped }).toEqual({
      published: 1,
      dropped: 1,
    });
    expect(sent.map((p) => JSON.parse(p).ids)).toEqual([['b']]);
  });
});
