import { telemetryTopic } from '@pdm/shared';
import type { MqttClient } from 'mqtt';
import {
  type AssetBatch,
  type BrokerOptions,
  connectBroker,
  endClient,
  type Publisher,
  ready,
} from './publisher.js';

export interface JsonPublisherOptions {
  /** Most samples per message; 1 sends every sample as its own message. */
  maxBatch: number;
  qos: 0 | 1;
}

/** JSON on `pdm/v1/{site}/{asset}/telemetry`: one sample as an object, several as an array. */
export class JsonPublisher implements Publisher {
  private readonly topics = new Map<string, string>();
  private sent = 0;

  private constructor(
    private readonly client: MqttClient,
    private readonly opts: JsonPublisherOptions,
  ) {}

  static async connect(broker: BrokerOptions, opts: JsonPublisherOptions): Promise<JsonPublisher> {
    return new JsonPublisher(await connectBroker(broker), opts);
  }

  publish(batch: AssetBatch): number {
    const topic = this.topicOf(batch.siteId, batch.assetId);
    const { samples } = batch;
    const size = this.opts.maxBatch;
    let messages = 0;
    for (let i = 0; i < samples.length; i += size) {
      const chunk = samples.slice(i, i + size);
      const payload = JSON.stringify(chunk.length === 1 ? chunk[0] : chunk);
      this.client.publish(topic, payload, { qos: this.opts.qos });
      messages++;
    }
    this.sent += messages;
    return messages;
  }

  /** Publishes a payload already serialised (by the worker thread). */
  publishPayload(siteId: string, assetId: string, payload: string): void {
    this.client.publish(this.topicOf(siteId, assetId), payload, { qos: this.opts.qos });
    this.sent++;
  }

  deviceStopped(): number {
    return 0;
  }

  sentMessages(): number {
    return this.sent;
  }

  flush(stopping: () => boolean): Promise<void> {
    return ready(this.client, stopping);
  }

  close(): Promise<void> {
    return endClient(this.client);
  }

  private topicOf(siteId: string, assetId: string): string {
    const key = `${siteId}/${assetId}`;
    let topic = this.topics.get(key);
    if (topic === undefined) {
      topic = telemetryTopic(siteId, assetId);
      this.topics.set(key, topic);
    }
    return topic;
  }
}
