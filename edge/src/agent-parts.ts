import type { Logger } from 'pino';
import type { EdgeConfig } from './config.js';
import type { DetectionEngine } from './domain/engine.js';
import type { Rollup } from './domain/rollup.js';
import { AlertUplink, type UplinkDeps } from './io/alert-uplink.js';
import type { EdgeStore } from './io/edge-store.js';
import { InfluxRollupWriter } from './io/influx-writer.js';
import { TelemetrySource } from './io/telemetry-source.js';

const ROLLUP_BUFFER_LIMIT = 200_000;

/** Finished rollup minutes, buffered (bounded) and written every second to SQLite and InfluxDB. */
export class RollupPipeline {
  private buffer: Rollup[] = [];
  private readonly timer: NodeJS.Timeout;
  readonly influx: InfluxRollupWriter | undefined;
  droppedInBuffer = 0;

  constructor(
    config: EdgeConfig,
    private readonly store: EdgeStore,
    private readonly logger: Logger,
  ) {
    this.influx = config.influx
      ? new InfluxRollupWriter(
          { ...config.influx, flushIntervalMs: config.influx.flushInterval, gatewayId: config.gatewayId },
          logger,
        )
      : undefined;
    this.timer = setInterval(() => this.flush(), 1_000);
  }

  add(r: Rollup): void {
    if (this.buffer.length < ROLLUP_BUFFER_LIMIT) this.buffer.push(r);
    else this.droppedInBuffer++;
  }

  flush(): void {
    const batch = this.buffer;
    this.buffer = [];
    try {
      this.store.addRollups(batch);
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'rollups not stored');
    }
    this.influx?.add(batch);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await this.influx?.close();
  }
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
    },
    deps,
  );
}

/** Connect and subscribe; waits up to 10 s, then carries on while the client keeps retrying. */
export async function startSource(
  config: EdgeConfig,
  deps: { engine: DetectionEngine; logger: Logger },
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
