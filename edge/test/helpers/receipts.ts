import { type AlertReceipt, AlertSchema, receiptTopic } from '@pdm/shared';
import type { MqttClient } from 'mqtt';

/**
 * Make a test client that subscribes to alerts behave like the cloud: every alert it receives is
 * answered with a receipt to the alert's gateway (the edge keeps an alert until then).
 */
export function answerReceipts(client: MqttClient): void {
  client.on('message', (topic, payload) => {
    if (!topic.endsWith('/alerts')) return;
    const parsed = AlertSchema.safeParse(JSON.parse(payload.toString()));
    if (!parsed.success) return;
    const receipt: AlertReceipt = { gatewayId: parsed.data.gatewayId, ids: [parsed.data.id], ts: Date.now() };
    client.publish(receiptTopic(parsed.data.gatewayId), JSON.stringify(receipt), { qos: 1 });
  });
}
