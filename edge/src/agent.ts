import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EwmaZDetector } from '@pdm/models';
import { type Alert, type Clock, createUlidFactory, systemClock } from '@pdm/shared';
import { type Logger, pino } from 'pino';
import type { EdgeConfig } from './config.js';
import type { BadMessageSample, BadReason } from './domain/bad-messages.js';
import { DetectionEngine } from './domain/engine.js';
import type { Rollup } from './domain/rollup.js';
import type { DetectorFactory } from './domain/rule-table.js';
import { AlertUplink } from './io/alert-uplink.js';
import { EdgeStore } from './io/edge-store.js';
import { type EmbeddedBroker, startEmbeddedBroker } from './io/embedded-broker.js';
import { InfluxRollupWriter } from './io/influx-writer.js';
import { startMetricsServer } from './io/metrics-server.js';
import { TelemetrySource } from './io/telemetry-source.js';
import { collectMetrics, type EdgeStats } from './stats.js';

export type { EdgeStats } from './stats.js';

export interface AgentDeps {
  clock?: Clock;
  logger?: Logger;
  /** Called after each alert event is committed to the outbox (for latency measurements). */
  onAlertCommitted?: (alert: Alert) => void;
}

export interface EdgeAgent {
  stop(): Promise<void>;
  stats(): EdgeStats;
  /** Apply new rules, detectors, limits and timing without losing windows or open alerts. */
  reload(config: EdgeConfig): void;
  /** The most recent bad messages with their reasons (bounded). */
  badMessages(): BadMessageSample[];
  /** Where /metrics and /healthz are served, when `metrics` is configured. */
  readonly metricsUrl: string | undefined;
  /** The embedded broker, when `broker` is configured. */
  readonly broker: EmbeddedBroker | undefined;
}

const ROLLUP_BUFFER_LIMIT = 200_000;
const cryptoRandom = () => randomInt(0, 2 ** 32) / 2 ** 32;

export const makeDetector: DetectorFactory = (def) =>
  new EwmaZDetector({ alpha: def.alpha, warmup: def.warmup, clip: def.clip });

/** Compose the agent: optional embedded broker, engine, SQLite outbox, uplink, source, metrics. */
export async function startAgent(initial: EdgeConfig, deps: AgentDeps = {}): Promise<EdgeAgent> {
  let config = initial;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? pino({ level: config.logLevel, base: { gatewayId: config.gatewayId } });
  const log = (component: string) => logger.child({ component });
  const broker = config.broker
    ? await startEmbeddedBroker({ ...config.broker, logger: log('broker') })
    : undefined;
  const storePath = config.storage.outboxPath ?? join(config.storage.dataDir, 'edge.db');
  const store = new EdgeStore(storePath, config.storage);
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const counters = { alertsUpdated: 0, alertCommitFailures: 0, rollupsDroppedBuffer: 0 };
  let rollups: Rollup[] = [];
  let uplink: AlertUplink | undefined;

  const engine = new DetectionEngine(config, {
    clock,
    mintId: createUlidFactory(cryptoRandom),
    makeDetector,
    sink: {
      alert: (alert) => {
        try {
          store.enqueue(alert, clock.now());
          if (alert.state === 'update') counters.alertsUpdated++;
          deps.onAlertCommitted?.(alert);
          uplink?.kick();
        } catch (err) {
          counters.alertCommitFailures++;
          log('outbox').error({ err: (err as Error).message, alertId: alert.id }, 'alert not committed');
        }
      },
      rollup: (r) => {
        if (rollups.length < ROLLUP_BUFFER_LIMIT) rollups.push(r);
        else counters.rollupsDroppedBuffer++;
      },
    },
  });
  const influx = config.influx
    ? new InfluxRollupWriter(
        { ...config.influx, flushIntervalMs: config.influx.flushInterval, gatewayId: config.gatewayId },
        log('influx'),
      )
    : undefined;
  const flushRollups = () => {
    const batch = rollups;
    rollups = [];
    try {
      store.addRollups(batch);
    } catch (err) {
      log('store').error({ err: (err as Error).message }, 'rollups not stored');
    }
    influx?.add(batch);
  };
  const flushTimer = setInterval(flushRollups, 1_000);
  const pruneTimer = setInterval(() => {
    const cutoff = engine.counters.watermark - config.storage.rollupRetention;
    if (Number.isFinite(cutoff)) store.pruneRollups(cutoff);
  }, 60_000);

  let source: TelemetrySource | undefined;
  const stats = (): EdgeStats => ({
    messages: engine.counters.messages,
    samplesAccepted: engine.counters.samplesAccepted,
    readingsAccepted: engine.counters.readingsAccepted,
    readingsRejected: engine.counters.readingsRejected,
    badMessages: { ...engine.bad.counts } as Record<BadReason, number>,
    alertsOpened: engine.alerts.counts.opened,
    alertsUpdated: counters.alertsUpdated,
    alertsCleared: engine.alerts.counts.cleared,
    alertsOpen: engine.alerts.counts.open,
    alertsDelivered: uplink?.delivered ?? 0,
    alertCommitFailures: counters.alertCommitFailures,
    alertUpdatesDropped: store.droppedUpdates,
    outboxDepth: store.depth,
    rollupsDropped: store.droppedRollups + counters.rollupsDroppedBuffer,
    rollupsWrittenInflux: influx?.written ?? 0,
    rollupsFailedInflux: influx?.failed ?? 0,
    rebirthsRequested: source?.sparkplug.rebirthsRequested ?? 0,
    assets: engine.assetCount,
    watermark: Number.isFinite(engine.counters.watermark) ? engine.counters.watermark : 0,
    sourceConnected: source?.connected ?? false,
    uplinkConnected: uplink?.isConnected ?? false,
    uplinkReconnects: uplink?.reconnects ?? 0,
    eventLoopLagMs: lag.mean / 1e6,
    eventLoopLagMaxMs: lag.max / 1e6,
  });
  const degradedReason = (): string | undefined => {
    const s = stats();
    if (s.alertCommitFailures > 0) return 'alerts could not be committed to storage';
    if (store.usedBytes() > config.storage.maxBytes)
      return 'storage above its limit: telemetry rollups are being dropped';
    if (!s.sourceConnected) return 'telemetry source disconnected';
    return undefined;
  };

  uplink = new AlertUplink(
    {
      url: config.uplink.url ?? config.source.url,
      ...(config.uplink.username ? { username: config.uplink.username } : {}),
      ...(config.uplink.password !== undefined ? { password: config.uplink.password } : {}),
      clientId: config.uplink.clientId ?? `pdm-edge-${config.gatewayId}-uplink`,
      keepaliveSeconds: config.uplink.keepaliveSeconds,
      gatewayId: config.gatewayId,
      inflight: config.uplink.inflight,
      retry: { min: config.uplink.retryMin, max: config.uplink.retryMax },
      ...(config.uplink.http ? { http: config.uplink.http } : {}),
      statusIntervalMs: config.uplink.statusInterval,
    },
    {
      store,
      logger: log('uplink'),
      random: cryptoRandom,
      now: () => clock.now(),
      status: () => {
        const reason = degradedReason();
        const s = stats();
        const counters = {
          samplesAccepted: s.samplesAccepted,
          badMessages: Object.values(s.badMessages).reduce((a, b) => a + b, 0),
          alertsOpened: s.alertsOpened,
          alertsDelivered: s.alertsDelivered,
          outboxDepth: s.outboxDepth,
        };
        return { state: reason ? 'degraded' : 'online', counters, ...(reason ? { reason } : {}) };
      },
    },
  );
  uplink.start();

  source = new TelemetrySource(
    {
      url: config.source.url,
      ...(config.source.username ? { username: config.source.username } : {}),
      ...(config.source.password !== undefined ? { password: config.source.password } : {}),
      clientId: config.source.clientId ?? `pdm-edge-${config.gatewayId}-telemetry`,
      keepaliveSeconds: config.source.keepaliveSeconds,
      qos: config.source.qos,
      sparkplug: config.source.sparkplug,
      sparkplugSites: config.source.sparkplugSites,
    },
    { engine, logger: log('source') },
  );
  const subscribed = await Promise.race([
    source.start().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
  ]);
  if (!subscribed)
    log('source').warn({ url: config.source.url }, 'telemetry source not reachable yet; retrying');
  uplink.refreshStatus();

  const metrics = config.metrics
    ? await startMetricsServer({
        ...config.metrics,
        collect: () => collectMetrics(stats()),
        health: () => {
          const reason = degradedReason();
          return {
            ok: reason === undefined,
            detail: { state: reason ? 'degraded' : 'online', reason, ...stats() },
          };
        },
      })
    : undefined;

  let stopped = false;
  return {
    metricsUrl: metrics?.url,
    broker,
    stats,
    badMessages: () => engine.bad.recent(),
    reload(next) {
      if (next.gatewayId !== config.gatewayId)
        throw new Error('gatewayId cannot change on reload; restart instead');
      engine.reload(next);
      store.setLimits(next.storage);
      config = next;
      log('agent').info(
        { rules: next.rules.length, detectors: next.detectors.length },
        'configuration reloaded',
      );
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(flushTimer);
      clearInterval(pruneTimer);
      await source?.stop();
      engine.flushRollups();
      flushRollups();
      await influx?.close();
      await uplink?.stop();
      await metrics?.close();
      await broker?.close();
      lag.disable();
      store.close();
    },
  };
}
