import { SPARKPLUG_NAMESPACE, TOPIC_FILTERS } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { DetectionEngine } from '../domain/engine.js';
import { SparkplugIngest } from './sparkplug-ingest.js';

export interface SourceOptions {
  url: string;
  username?: string;
  password?: string;
  clientId: string;
  keepaliveSeconds: number;
  qos: 0 | 1;
  cleanSession: boolean;
  sparkplug: boolean;
  sparkplugSites: Readonly<Record<string, string>>;
}

const SPARKPLUG_PREFIX = `${SPARKPLUG_NAMESPACE}/`;

/** A queue behind the engine (rollups waiting for SQLite) that can ask the source to wait. */
export interface Backpressure {
  readonly congested: boolean;
  /** Call `resume` when the queue has room again. */
  whenDrained(resume: () => void): void;
}

/**
 * The telemetry subscription: its own MQTT connection, JSON and Sparkplug B topics, every message
 * handed to the engine synchronously. A handler never throws: a bug on one message is counted.
 *
 * mqtt.js takes the next packet off the socket only after `handleMessage` calls back, so while a
 * queue behind the engine is congested the callback waits: the socket stops being read, TCP
 * pushes back, and the broker keeps the backlog instead of this process's memory.
 */
export class TelemetrySource {
  private client: MqttClient | undefined;
  readonly sparkplug: SparkplugIngest;
  connected = false;
  handlerErrors = 0;
  /** How often reading was paused for a congested queue. */
  pauses = 0;

  constructor(
    private readonly options: SourceOptions,
    private readonly deps: { engine: DetectionEngine; logger: Logger; backpressure?: Backpressure },
  ) {
    const send = (topic: string, payload: Uint8Array) => {
      this.client?.publish(topic, Buffer.from(payload), { qos: 0 });
    };
    this.sparkplug = new SparkplugIngest(deps.engine, send, options.sparkplugSites);
  }

  /** Resolves once subscribed the first time (reconnects resubscribe by themselves). */
  start(): Promise<void> {
    const o = this.options;
    const client = mqtt.connect(o.url, {
      clientId: o.clientId,
      ...(o.username ? { username: o.username } : {}),
      ...(o.password !== undefined ? { password: o.password } : {}),
      keepalive: o.keepaliveSeconds,
      clean: o.cleanSession,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      queueQoSZero: false,
    });
    this.client = client;
    const filters = [TOPIC_FILTERS.telemetry, ...(o.sparkplug ? [TOPIC_FILTERS.sparkplug] : [])];
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    const pressure = this.deps.backpressure;
    if (pressure) {
      client.handleMessage = (_packet, done) => {
        if (pressure.congested) {
          this.pauses++;
          pressure.whenDrained(() => done());
        } else done();
      };
    }
    client.on('close', () => {
      this.connected = false;
    });
    client.on('error', (err) => this.deps.logger.warn({ err: err.message }, 'telemetry source error'));
    return new Promise((resolve) => {
      client.on('connect', () => {
        this.connected = true;
        this.deps.logger.info({ url: o.url }, 'telemetry source connected');
        client.subscribe(filters, { qos: o.qos }, (err) => {
          if (err) this.deps.logger.error({ err: err.message }, 'telemetry subscribe failed');
          resolve();
        });
      });
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync(true).catch(() => undefined);
    this.connected = false;
  }

  private onMessage(topic: string, payload: Buffer): void {
    try {
      if (topic.startsWith(SPARKPLUG_PREFIX)) this.sparkplug.ingest(topic, payload);
      else this.deps.engine.ingestJson(topic, payload);
    } catch (err) {
      this.handlerErrors++;
      this.deps.logger.error({ err: (err as Error).message, topic }, 'telemetry handler failed');
    }
  }
}
