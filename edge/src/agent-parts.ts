import type { Logger } from 'pino';
import type { EdgeConfig } from './config.js';
import type { DetectionEngine } from './domain/engine.js';
import type { Rollup } from './domain/rollup.js';
import { AlertUplink, type UplinkDeps } from './io/alert-uplink.js';
import type { EdgeStore } from './io/edge-store.js';
import type { InfluxRollupWriter } from './io/influx-writer.js';
import { type Backpressure, TelemetrySource } from './io/telemetry-source.js';

const ROLLUP_BUFFER_LIMIT = 50_000;
/** Rows per SQLite transaction; the writer yields to the event loop between chunks. */
const ROLLUP_CHUNK = 2_000;
/**
 * Backpressure: above this many buffered rollups the telemetry source stops taking messages (the
 * broker keeps them) until the writer is back under ROLLUP_CHUNK. A drain of a broker backlog then
 * runs at the speed rollups are stored instead of filling memory and dropping rollups.
 */
const ROLLUP_PAUSE_ABOVE = 5 * ROLLUP_CHUNK;

/** Finished rollup minutes, buffered (bounded) and written to SQLite and InfluxDB. */
export class RollupPipeline {
  private buffer: Rollup[] = [];
  private readonly timer: NodeJS.Timeout;
  private waiting: (() => void)[] = [];
  readonly influx: InfluxRollupWriter | undefined;
  droppedInBuffer = 0;

  constructor(
    private readonly store: EdgeStore,
    private readonly logger: Logger,
    influx?: InfluxRollupWriter,
  ) {
    this.influx = influx;
    this.timer = setInterval(() => this.flush(), 1_000);
  }

  add(r: Rollup): void {
    if (this.buffer.length < ROLLUP_BUFFER_LIMIT) this.buffer.push(r);
    else this.droppedInBuffer++;
    // A full chunk is written at once (on the next turn of the event loop), not at the next tick.
    if (this.buffer.length === ROLLUP_CHUNK && !this.writing && !this.stopped) {
      this.writing = true;
      setImmediate(() => this.writeSteps());
    }
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** True while telemetry should wait (see ROLLUP_PAUSE_ABOVE). */
  get congested(): boolean {
    return this.buffer.length > ROLLUP_PAUSE_ABOVE;
  }

  /** Call `resume` once the buffer is back under one chunk (at once if it already is). */
  whenDrained(resume: () => void): void {
    if (this.buffer.length < ROLLUP_CHUNK || this.stopped) resume();
    else this.waiting.push(resume);
  }

  /** Write what is buffered in chunks, yielding between them so ingest is never held for long. */
  flush(): void {
    if (this.writing) return;
    this.writing = true;
    this.writeSteps();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.writeChunk(this.buffer.splice(0));
    this.release();
    await this.influx?.close();
  }

  private writing = false;
  private stopped = false;

  private writeSteps(): void {
    const chunk = this.buffer.splice(0, ROLLUP_CHUNK);
    this.writeChunk(chunk);
    if (this.buffer.length < ROLLUP_CHUNK) this.release();
    if (this.buffer.length > 0 && !this.stopped) setImmediate(() => this.writeSteps());
    else this.writing = false;
  }

  private release(): void {
    if (this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  private writeChunk(chunk: Rollup[]): void {
    if (chunk.length === 0) return;
    try {
      this.store.addRollups(chunk);
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'rollups not stored');
    }
    this.influx?.add(chunk);
  }
}

/** The InfluxDB writer when `influx` is configured; its client library is loaded only then. */
export async function influxWriter(
  config: EdgeConfig,
  log: (component: string) => Logger,
): Promise<InfluxRollupWriter | undefined> {
  if (!config.influx) return undefined;
  const { InfluxRollupWriter } = await import('./io/influx-writer.js');
  return new InfluxRollupWriter(
    { ...config.influx, flushIntervalMs: config.influx.flushInterval, gatewayId: config.gatewayId },
    log('rollups'),
  );
}

export function buildUplink(config: EdgeConfig, deps: UplinkDeps): AlertUplink {
  const u = config.uplink;
  return new AlertUplink(
    {
      url: u.url ?? config.source.url,
      ...(u.username ? { username: u.username } : {}),
      ...(u.password !== undefined ? { password: u.password } : {}),
      clientId: u.clientId ?? `pdm-edge-${config.gatewayId}-uplink`,
      keepaliveSeconds: u.keepaliveSeconds,
      gatewayId: config.gatewayId,
      inflight: u.inflight,
      retry: { min: u.retryMin, max: u.retryMax },
      ...(u.http ? { http: u.http } : {}),
      statusIntervalMs: u.statusInterval,
      ...(u.receipts ? { receipts: { timeoutMs: u.receiptTimeout } } : {}),
    },
    deps,
  );
}

/** Connect and subscribe; waits up to 10 s, then carries on while the client keeps retrying. */
export async function startSource(
  config: EdgeConfig,
  deps: { engine: DetectionEngine; logger: Logger; backpressure?: Backpressure },
): Promise<TelemetrySource> {
  const s = config.source;
  const source = new TelemetrySource(
    {
      url: s.url,
      ...(s.username ? { username: s.username } : {}),
      ...(s.password !== undefined ? { password: s.password } : {}),
      clientId: s.clientId ?? `pdm-edge-${config.gatewayId}-telemetry`,
      keepaliveSeconds: s.keepaliveSeconds,
      qos: s.qos,
      cleanSession: s.cleanSession,
      sparkplug: s.sparkplug,
      sparkplugSites: s.sparkplugSites,
    },
    deps,
  );
  const subscribed = await Promise.race([
    source.start().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
  ]);
  if (!subscribed) deps.logger.warn({ url: s.url }, 'telemetry source not reachable yet; retrying');
  return source;
}
