import { type GatewayStatus, gatewayStatusTopic } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { backoffDelay } from './backoff.js';
import type { EdgeStore, OutboxRow } from './edge-store.js';

export interface UplinkOptions {
  url: string;
  username?: string;
  password?: string;
  clientId: string;
  keepaliveSeconds: number;
  gatewayId: string;
  inflight: number;
  retry: { min: number; max: number };
  http?: { url: string; token?: string; after: number };
  statusIntervalMs: number;
}

export interface UplinkDeps {
  store: EdgeStore;
  logger: Logger;
  random: () => number;
  /** Counters and state for the retained gateway status. */
  status: () => Pick<GatewayStatus, 'state' | 'counters' | 'reason'>;
  now: () => number;
}

/**
 * Sends the outbox, oldest first, over its own MQTT connection (never the telemetry one) at QoS 1.
 * A row is deleted only when its PUBACK arrives; after any disconnect everything unacknowledged is
 * sent again from the oldest. mqtt.js never queues for us: we publish only while connected and
 * reconnect ourselves with jittered backoff, each time with a fresh client.
 */
export class AlertUplink {
  private client: MqttClient | undefined;
  private generation = 0;
  private connected = false;
  private lastSentSeq = 0;
  private inflight = 0;
  private attempt = 0;
  private downSince: number;
  private timer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private httpBusy = false;
  private stopped = false;
  delivered = 0;
  reconnects = 0;

  constructor(
    private readonly options: UplinkOptions,
    private readonly deps: UplinkDeps,
  ) {
    this.downSince = deps.now();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    this.connect();
    this.statusTimer = setInterval(() => this.publishStatus(), this.options.statusIntervalMs);
    this.statusTimer.unref();
  }

  /** New rows were committed: send them if we can. */
  kick(): void {
    if (this.connected) this.pump();
    else this.maybeHttpFallback();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.statusTimer);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (this.connected) {
      const offline = this.statusPayload('offline', 'gateway stopped');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2_000);
        client.publish(this.statusTopic, offline, { qos: 1, retain: true }, () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    // A clean DISCONNECT: the broker discards the will, so the retained status stays the one above.
    await Promise.race([client.endAsync(false), new Promise((r) => setTimeout(r, 2_000))]).catch(
      () => undefined,
    );
    client.end(true);
  }

  private get statusTopic(): string {
    return gatewayStatusTopic(this.options.gatewayId);
  }

  private connect(): void {
    if (this.stopped) return;
    const gen = ++this.generation;
    const o = this.options;
    const client = mqtt.connect(o.url, {
      clientId: `${o.clientId}-${gen}`,
      ...(o.username ? { username: o.username } : {}),
      ...(o.password !== undefined ? { password: o.password } : {}),
      keepalive: o.keepaliveSeconds,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      queueQoSZero: false,
      will: {
        topic: this.statusTopic,
        payload: Buffer.from(this.willPayload()),
        qos: 1,
        retain: true,
      },
    });
    this.client = client;
    client.on('connect', () => this.onConnect(gen));
    client.on('close', () => this.onClose(gen));
    client.on('error', (err) => this.deps.logger.warn({ err: err.message }, 'uplink error'));
  }

  private onConnect(gen: number): void {
    if (gen !== this.generation) return;
    this.connected = true;
    this.attempt = 0;
    this.lastSentSeq = 0;
    this.inflight = 0;
    this.deps.logger.info({ url: this.options.url }, 'uplink connected');
    this.publishStatus();
    this.pump();
  }

  private onClose(gen: number): void {
    if (gen !== this.generation) return;
    if (this.connected) this.downSince = this.deps.now();
    this.connected = false;
    const old = this.client;
    this.client = undefined;
    old?.end(true);
    if (this.stopped) return;
    this.reconnects++;
    const delay = backoffDelay(this.attempt++, this.options.retry, this.deps.random);
    this.deps.logger.warn({ delayMs: delay, depth: this.deps.store.depth }, 'uplink down, retrying');
    this.timer = setTimeout(() => this.connect(), delay);
    this.maybeHttpFallback();
  }

  private pump(): void {
    const client = this.client;
    if (!client || !this.connected) return;
    const room = this.options.inflight - this.inflight;
    if (room <= 0) return;
    const gen = this.generation;
    for (const row of this.deps.store.pending(this.lastSentSeq, room)) {
      this.lastSentSeq = row.seq;
      this.inflight++;
      this.deps.store.markAttempt(row.seq);
      client.publish(row.topic, row.payload, { qos: 1 }, (err) => this.onAck(gen, row, err));
    }
  }

  private onAck(gen: number, row: OutboxRow, err: Error | undefined): void {
    if (!err && this.deps.store.markDelivered(row.seq)) this.delivered++;
    if (gen !== this.generation) return;
    this.inflight = Math.max(0, this.inflight - 1);
    if (err) return;
    this.pump();
  }

  /** Publish the retained gateway status now (e.g. after the telemetry source connected). */
  refreshStatus(): void {
    this.publishStatus();
  }

  private publishStatus(): void {
    if (!this.client || !this.connected) return;
    const s = this.deps.status();
    this.client.publish(this.statusTopic, this.statusPayload(s.state, s.reason), { qos: 1, retain: true });
  }

  /** The last will: the broker publishes it if this connection dies without a DISCONNECT. */
  private willPayload(): string {
    const status: GatewayStatus = {
      gatewayId: this.options.gatewayId,
      state: 'offline',
      ts: this.deps.now(),
      reason: 'connection lost (last will, ts is when it was registered)',
      counters: {},
    };
    return JSON.stringify(status);
  }

  private statusPayload(state: GatewayStatus['state'], reason?: string): string {
    const s = this.deps.status();
    const status: GatewayStatus = {
      gatewayId: this.options.gatewayId,
      state,
      ts: this.deps.now(),
      ...(reason ? { reason } : {}),
      counters: s.counters,
    };
    return JSON.stringify(status);
  }

  /** While MQTT has been down longer than `http.after`, POST rows one by one, oldest first. */
  private maybeHttpFallback(): void {
    const http = this.options.http;
    if (!http || this.connected || this.httpBusy || this.stopped) return;
    if (this.deps.now() - this.downSince < http.after) {
      setTimeout(() => this.maybeHttpFallback(), http.after).unref();
      return;
    }
    this.httpBusy = true;
    void this.drainOverHttp(http).finally(() => {
      this.httpBusy = false;
    });
  }

  private async drainOverHttp(http: { url: string; token?: string }): Promise<void> {
    let after = 0;
    while (!this.connected && !this.stopped) {
      const [row] = this.deps.store.pending(after, 1);
      if (!row) return;
      const ok = await postAlert(http, row.payload).catch(() => false);
      if (!ok) {
        setTimeout(
          () => this.maybeHttpFallback(),
          backoffDelay(4, this.options.retry, this.deps.random),
        ).unref();
        return;
      }
      if (this.deps.store.markDelivered(row.seq)) this.delivered++;
      after = row.seq;
    }
  }
}

async function postAlert(http: { url: string; token?: string }, payload: string): Promise<boolean> {
  const res = await fetch(http.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(http.token ? { authorization: `Bearer ${http.token}` } : {}),
    },
    body: payload,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status >= 200 && res.status < 300;
}
