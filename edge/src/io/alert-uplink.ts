import { type GatewayStatus, gatewayStatusTopic } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { backoffDelay } from './backoff.js';
import type { EdgeStore, OutboxRow } from './edge-store.js';
import { drainOverHttp } from './http-fallback.js';
import { ReceiptInbox } from './receipt-inbox.js';

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
  /** Keep rows until the cloud's receipt, resending after `timeoutMs` (with backoff); off: until the PUBACK. */
  receipts?: { timeoutMs: number };
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
 * With receipts (the default) a PUBACK only marks a row `sent`; the row is deleted when the cloud's
 * receipt for its id arrives on this connection, and resent when the receipt is late. Without, the
 * PUBACK deletes it. After any disconnect everything unreceipted is sent again from the oldest.
 * mqtt.js never queues for us: we publish only while connected and reconnect ourselves with
 * jittered backoff, each time with a fresh client.
 */
export class AlertUplink {
  private client: MqttClient | undefined;
  private generation = 0;
  private connected = false;
  private lastSentSeq = 0;
  /** When the current connection was made: carried by its statuses and its last will. */
  private session = 0;
  /** Rows published on this connection whose PUBACK has not arrived. */
  private readonly inflight = new Set<number>();
  private readonly receipts: ReceiptInbox | undefined;
  private resendTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private downSince: number;
  private timer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private httpBusy = false;
  private stopped = false;
  private deliveredDirect = 0;
  reconnects = 0;

  constructor(
    private readonly options: UplinkOptions,
    private readonly deps: UplinkDeps,
  ) {
    this.downSince = deps.now();
    const r = options.receipts;
    if (r) this.receipts = new ReceiptInbox({ gatewayId: options.gatewayId, timeoutMs: r.timeoutMs }, deps);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Alerts delivered: receipted by the cloud, or acknowledged by HTTP 2xx (or PUBACK without receipts). */
  get delivered(): number {
    return this.deliveredDirect + (this.receipts?.received ?? 0);
  }

  get receiptsRejected(): number {
    return this.receipts?.rejected ?? 0;
  }

  start(): void {
    // Rows sent before a restart may never have reached the cloud: send them again.
    this.deps.store.requeueAll();
    this.connect();
    this.statusTimer = setInterval(() => this.publishStatus(), this.options.statusIntervalMs);
    this.statusTimer.unref();
    const timeout = this.options.receipts?.timeoutMs;
    if (timeout !== undefined) {
      this.resendTimer = setInterval(() => this.resendOverdue(), Math.min(1_000, Math.max(50, timeout / 4)));
      this.resendTimer.unref();
    }
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
    clearInterval(this.resendTimer);
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
    this.session = this.deps.now();
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
    client.on('message', (topic, payload) => this.onReceipt(topic, payload));
    client.on('close', () => this.onClose(gen));
    client.on('error', (err) => this.deps.logger.warn({ err: err.message }, 'uplink error'));
  }

  private onConnect(gen: number): void {
    if (gen !== this.generation) return;
    this.connected = true;
    this.attempt = 0;
    this.lastSentSeq = 0;
    this.inflight.clear();
    this.deps.store.requeueAll();
    this.deps.logger.info({ url: this.options.url }, 'uplink connected');
    this.publishStatus();
    if (!this.receipts) {
      this.pump();
      return;
    }
    // Subscribe before sending, so that no receipt for this connection's sends is missed.
    this.client
      ?.subscribeAsync(this.receipts.topic, { qos: 1 })
      .then((granted) => {
        if (granted.some((g) => g.qos > 1))
          this.deps.logger.error({ topic: this.receipts?.topic }, 'receipt subscription refused');
      })
      .catch((err: Error) => this.deps.logger.warn({ err: err.message }, 'receipt subscription failed'))
      .finally(() => {
        if (gen === this.generation) this.pump();
      });
  }

  private onReceipt(topic: string, payload: Buffer): void {
    if (!this.receipts) return;
    const { removed, resend } = this.receipts.accept(topic, payload);
    if (resend) {
      // The cloud subscribed again without a session: what it may have missed goes again now.
      const requeued = this.deps.store.requeueAll();
      this.deps.logger.info({ requeued }, 'cloud asked for a resend');
      this.lastSentSeq = 0;
    }
    if (removed > 0 || resend) this.pump();
  }

  /** Unreceipted rows past their deadline go back to pending and are sent again. */
  private resendOverdue(): void {
    if (!this.connected) return;
    if (this.deps.store.requeueDue(this.deps.now()) === 0) return;
    this.lastSentSeq = 0;
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
    this.deps.store.requeueAll();
    this.reconnects++;
    const delay = backoffDelay(this.attempt++, this.options.retry, this.deps.random);
    this.deps.logger.warn({ delayMs: delay, depth: this.deps.store.depth }, 'uplink down, retrying');
    this.timer = setTimeout(() => this.connect(), delay);
    this.maybeHttpFallback();
  }

  private pump(): void {
    const client = this.client;
    if (!client || !this.connected) return;
    const room = this.options.inflight - this.inflight.size;
    if (room <= 0) return;
    const gen = this.generation;
    let sent = 0;
    for (const row of this.deps.store.pending(this.lastSentSeq, room + this.inflight.size)) {
      if (!this.inflight.has(row.seq) && sent++ >= room) break;
      this.lastSentSeq = row.seq;
      if (this.inflight.has(row.seq)) continue;
      this.inflight.add(row.seq);
      this.deps.store.markAttempt(row.seq);
      client.publish(row.topic, row.payload, { qos: 1 }, (err) => this.onAck(gen, row, err));
    }
  }

  private onAck(gen: number, row: OutboxRow, err: Error | undefined): void {
    if (!err && this.receipts) this.deps.store.markSent(row.seq, this.receipts.resendAt(row.attempts + 1));
    else if (!err && this.deps.store.markDelivered(row.seq)) this.deliveredDirect++;
    if (gen !== this.generation) return;
    this.inflight.delete(row.seq);
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
      ts: this.session,
      reason: 'connection lost (last will, ts is when it was registered)',
      counters: {},
      session: this.session,
      lastWill: true,
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
      session: this.session,
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
    const deps = {
      store: this.deps.store,
      done: () => this.connected || this.stopped,
      onDelivered: () => this.deliveredDirect++,
    };
    void drainOverHttp(http, deps)
      .then((drained) => {
        if (drained) return;
        const retry = backoffDelay(4, this.options.retry, this.deps.random);
        setTimeout(() => this.maybeHttpFallback(), retry).unref();
      })
      .finally(() => {
        this.httpBusy = false;
      });
  }
}
