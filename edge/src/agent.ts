import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ContextDetector, EwmaZDetector } from '@pdm/models/online';
import { type Alert, type Clock, createUlidFactory, systemClock } from '@pdm/shared';
import { type Logger, pino } from 'pino';
import { buildUplink, influxWriter, RollupPipeline, startSource } from './agent-parts.js';
import type { EdgeConfig } from './config.js';
import type { BadMessageSample, BadReason } from './domain/bad-messages.js';
import { DetectionEngine } from './domain/engine.js';
import type { DetectorFactory } from './domain/rule-table.js';
import type { AlertUplink } from './io/alert-uplink.js';
import { EdgeStore } from './io/edge-store.js';
import type { EmbeddedBroker } from './io/embedded-broker.js';
import { startMetricsServer } from './io/metrics-server.js';
import { type ModelReload, ModelRunner } from './io/model-runner.js';
import { withRollupHistory } from './io/rollup-evidence.js';
import type { TelemetrySource } from './io/telemetry-source.js';
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
  /**
   * Apply new rules, detectors, limits and timing at once, without losing windows or open alerts;
   * models are swapped in when the returned promise settles (refused ones are logged and listed,
   * the running model stays). Throws at once (nothing applied) if `gatewayId` changed.
   */
  reload(config: EdgeConfig): Promise<ModelReload>;
  /** The most recent bad messages with their reasons (bounded). */
  badMessages(): BadMessageSample[];
  /** Where /metrics and /healthz are served, when `metrics` is configured. */
  readonly metricsUrl: string | undefined;
  /** The embedded broker, when `broker` is configured. */
  readonly broker: EmbeddedBroker | undefined;
}

const cryptoRandom = () => randomInt(0, 2 ** 32) / 2 ** 32;

export const makeDetector: DetectorFactory = (def) =>
  def.kind === 'context'
    ? new ContextDetector(def.context)
    : new EwmaZDetector({ alpha: def.alpha, warmup: def.warmup, clip: def.clip });

interface Parts {
  config: EdgeConfig;
  clock: Clock;
  log: (component: string) => Logger;
  store: EdgeStore;
  engine: DetectionEngine;
  models: ModelRunner;
  rollups: RollupPipeline;
  counters: { alertsUpdated: number; alertCommitFailures: number };
  /** Rollups dropped as last seen by the health check, and when that count last grew. */
  drops: { seen: number; at: number };
  lag: ReturnType<typeof monitorEventLoopDelay>;
  /** Cycle count of each RUL window when it was last stored. */
  savedCycles: Map<string, number>;
  uplink?: AlertUplink;
  source?: TelemetrySource;
}

/** Compose the agent: optional embedded broker, engine, models, SQLite outbox, uplink, source, metrics. */
export async function startAgent(config: EdgeConfig, deps: AgentDeps = {}): Promise<EdgeAgent> {
  const logger = deps.logger ?? pino({ level: config.logLevel, base: { gatewayId: config.gatewayId } });
  const log = (component: string) => logger.child({ component });
  const broker = config.broker
    ? // Loaded only when configured: aedes and its dependencies cost ~10 MB of memory.
      await (await import('./io/embedded-broker.js')).startEmbeddedBroker({
        ...config.broker,
        logger: log('broker'),
      })
    : undefined;
  const parts = await buildCore(config, { ...deps, log });
  parts.uplink = buildUplink(config, {
    store: parts.store,
    logger: log('uplink'),
    random: cryptoRandom,
    now: () => parts.clock.now(),
    status: () => statusOf(parts),
  });
  parts.uplink.start();
  parts.models.start((asset, signal) => parts.engine.applySignal(asset, signal));
  parts.source = await startSource(config, {
    engine: parts.engine,
    logger: log('source'),
    backpressure: parts.rollups,
  });
  parts.uplink.refreshStatus();
  const metrics = config.metrics
    ? await startMetricsServer({
        ...config.metrics,
        collect: () => collectMetrics(statsOf(parts)),
        health: () => {
          const reason = degradedReason(parts);
          return {
            ok: !reason,
            detail: { state: reason ? 'degraded' : 'online', reason, ...statsOf(parts) },
          };
        },
      })
    : undefined;
  return agentApi(parts, { broker, metrics }, deps.onAlertCommitted);
}

async function buildCore(
  config: EdgeConfig,
  deps: AgentDeps & { log: (c: string) => Logger },
): Promise<Parts> {
  const clock = deps.clock ?? systemClock;
  const store = new EdgeStore(
    config.storage.outboxPath ?? join(config.storage.dataDir, 'edge.db'),
    config.storage,
  );
  const models = await ModelRunner.load(config.models, {
    batch: config.modelBatch,
    logger: deps.log('models'),
  });
  const rollups = new RollupPipeline(store, deps.log('rollups'), await influxWriter(config, deps.log));
  const counters = { alertsUpdated: 0, alertCommitFailures: 0 };
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const drops = { seen: 0, at: Number.NEGATIVE_INFINITY };
  const savedCycles = new Map<string, number>();
  const parts = {
    config,
    clock,
    log: deps.log,
    store,
    models,
    rollups,
    counters,
    drops,
    lag,
    savedCycles,
  } as Parts;
  parts.engine = new DetectionEngine(config, {
    clock,
    mintId: createUlidFactory(cryptoRandom),
    makeDetector,
    models: { bindings: models.bindings, onWindow: (w) => models.enqueue(w) },
    sink: {
      alert: (alert) => commitAlert(parts, alert, deps.onAlertCommitted),
      rollup: (r) => rollups.add(r),
    },
  });
  restoreAlerts(parts, deps.onAlertCommitted);
  restoreModelWindows(parts);
  return parts;
}

/** RUL cycle windows stored before a restart (at a clean stop, and every minute while running). */
function restoreModelWindows(parts: Parts): void {
  const logger = parts.log('models');
  const { records, invalid } = parts.store.modelWindows();
  for (const problem of invalid) logger.error({ problem }, 'stored model window ignored');
  const taken = parts.engine.modelWindows.restoreRul(records);
  for (const r of records) parts.savedCycles.set(windowKey(r), r.state.count);
  if (records.length > 0) logger.info({ stored: records.length, restored: taken }, 'RUL windows restored');
}

/** Store the RUL cycle windows that moved since they were last stored. */
function saveModelWindows(parts: Parts): void {
  try {
    const changed = parts.engine.modelWindows
      .rulStates()
      .filter((r) => parts.savedCycles.get(windowKey(r)) !== r.state.count);
    parts.store.saveModelWindows(changed);
    for (const r of changed) parts.savedCycles.set(windowKey(r), r.state.count);
  } catch (err) {
    parts.log('models').error({ err: (err as Error).message }, 'RUL windows not stored');
  }
}

function windowKey(r: { modelId: string; asset: { siteId: string; assetId: string } }): string {
  return `${r.modelId}|${r.asset.siteId}/${r.asset.assetId}`;
}

/**
 * Take back the alert manager's state stored before a restart. Restored alerts whose sources are no
 * longer configured clear at once; those of models resume in the model's hysteresis.
 */
function restoreAlerts(parts: Parts, onCommitted?: (a: Alert) => void): void {
  const logger = parts.log('alerts');
  const { records, invalid } = parts.store.alertStates();
  for (const problem of invalid) logger.error({ problem }, 'stored alert state ignored');
  parts.engine.restoreAlerts(records);
  const open = records.filter((r) => r.open).length;
  if (records.length > 0) logger.info({ open, slots: records.length }, 'alert state restored');
  const known = new Set([
    ...parts.config.rules.filter((r) => r.enabled).map((r) => r.id),
    ...parts.config.detectors.map((d) => d.id),
    ...parts.models.ids,
  ]);
  for (const { asset, ruleId } of parts.engine.alerts.restoredSources()) {
    if (!known.has(ruleId)) {
      for (const alert of parts.engine.alerts.dropSource(ruleId, Number.NEGATIVE_INFINITY))
        commitAlert(parts, alert, onCommitted);
    } else parts.models.resume(ruleId, asset);
  }
}

/** Commit first, then nudge the uplink; a failed commit is counted and reported as degraded. */
function commitAlert(parts: Parts, event: Alert, onCommitted?: (a: Alert) => void): void {
  let alert = event;
  try {
    alert = withRollupHistory(event, parts.store, parts.config.alerts.evidenceMinutes);
    parts.store.enqueue(alert, parts.clock.now(), parts.engine.alerts.record(alert, alert.failureMode));
    if (alert.state === 'update') parts.counters.alertsUpdated++;
    onCommitted?.(alert);
    parts.uplink?.kick();
  } catch (err) {
    parts.counters.alertCommitFailures++;
    parts.log('outbox').error({ err: (err as Error).message, alertId: alert.id }, 'alert not committed');
  }
}

/**
 * Swap models in while running (artifact, version or thresholds changed): refused models keep the
 * running one; alerts held only by a removed model clear.
 */
async function reloadModels(parts: Parts, next: EdgeConfig, onCommitted?: (a: Alert) => void) {
  const report = await parts.models.reload(next.models);
  if (report.loaded.length + report.updated.length + report.removed.length > 0)
    parts.engine.setModelBindings(parts.models.bindings);
  for (const id of report.removed) {
    for (const alert of parts.engine.alerts.dropSource(id, parts.engine.counters.watermark))
      commitAlert(parts, alert, onCommitted);
  }
  const { refused, ...changed } = report;
  parts
    .log('models')
    .info(
      { ...changed, refused: refused.map((r) => r.id), versions: parts.models.versions },
      'models reloaded',
    );
  return report;
}

function agentApi(
  parts: Parts,
  extra: { broker: EmbeddedBroker | undefined; metrics: { url: string; close(): Promise<void> } | undefined },
  onCommitted?: (a: Alert) => void,
): EdgeAgent {
  const pruneTimer = setInterval(() => {
    const cutoff = parts.engine.counters.watermark - parts.config.storage.rollupRetention;
    if (Number.isFinite(cutoff)) parts.store.pruneRollups(cutoff);
    saveModelWindows(parts);
  }, 60_000);
  let stopped = false;
  return {
    metricsUrl: extra.metrics?.url,
    broker: extra.broker,
    stats: () => statsOf(parts),
    badMessages: () => parts.engine.bad.recent(),
    reload(next) {
      if (next.gatewayId !== parts.config.gatewayId)
        throw new Error('gatewayId cannot change on reload; restart');
      parts.engine.reload(next);
      parts.store.setLimits(next.storage);
      parts.config = next;
      parts
        .log('agent')
        .info({ rules: next.rules.length, detectors: next.detectors.length }, 'config reloaded');
      return reloadModels(parts, next, onCommitted);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(pruneTimer);
      await parts.source?.stop();
      parts.models.stop();
      saveModelWindows(parts);
      parts.engine.flushRollups();
      await parts.rollups.stop();
      await parts.uplink?.stop();
      await extra.metrics?.close();
      await extra.broker?.close();
      parts.lag.disable();
      parts.store.close();
    },
  };
}

function statsOf(p: Parts): EdgeStats {
  const e = p.engine;
  const alerts = e.alerts.counts;
  return {
    messages: e.counters.messages,
    samplesAccepted: e.counters.samplesAccepted,
    readingsAccepted: e.counters.readingsAccepted,
    readingsRejected: e.counters.readingsRejected,
    badMessages: { ...e.bad.counts } as Record<BadReason, number>,
    alertsOpened: alerts.opened,
    alertsUpdated: p.counters.alertsUpdated,
    alertsCleared: alerts.cleared,
    alertsOpen: alerts.open,
    alertsDelivered: p.uplink?.delivered ?? 0,
    alertCommitFailures: p.counters.alertCommitFailures,
    alertUpdatesDropped: p.store.droppedUpdates,
    outboxDepth: p.store.depth,
    alertsAwaitingReceipt: p.store.awaitingReceipt(),
    receiptsRejected: p.uplink?.receiptsRejected ?? 0,
    rollupsDropped: p.store.droppedRollups + p.rollups.droppedInBuffer,
    storeWritesSkipped: p.store.failedWrites,
    rollupsWrittenInflux: p.rollups.influx?.written ?? 0,
    rollupsFailedInflux: p.rollups.influx?.failed ?? 0,
    rebirthsRequested: p.source?.sparkplug.rebirthsRequested ?? 0,
    modelWindowsScored: p.models.scored,
    assets: e.assetCount,
    watermark: Number.isFinite(e.counters.watermark) ? e.counters.watermark : 0,
    sourceConnected: p.source?.connected ?? false,
    uplinkConnected: p.uplink?.isConnected ?? false,
    uplinkReconnects: p.uplink?.reconnects ?? 0,
    eventLoopLagMs: p.lag.mean / 1e6,
    eventLoopLagMaxMs: p.lag.max / 1e6,
  };
}

/** How long the health stays degraded after telemetry rollups were last dropped. */
const STORAGE_ALARM_MS = 5 * 60_000;

function degradedReason(p: Parts): string | undefined {
  if (p.counters.alertCommitFailures > 0) return 'alerts could not be committed to storage';
  const dropped = p.store.droppedRollups + p.rollups.droppedInBuffer;
  const now = p.clock.now();
  if (dropped > p.drops.seen) p.drops = { seen: dropped, at: now };
  if (now - p.drops.at < STORAGE_ALARM_MS) return 'storage full: telemetry rollups dropped';
  if (p.store.usedBytes() > p.config.storage.maxBytes)
    return 'storage above its limit: telemetry rollups dropped';
  if (!(p.source?.connected ?? false)) return 'telemetry source disconnected';
  return undefined;
}

function statusOf(p: Parts) {
  const reason = degradedReason(p);
  const s = statsOf(p);
  const counters = {
    samplesAccepted: s.samplesAccepted,
    badMessages: Object.values(s.badMessages).reduce((a, b) => a + b, 0),
    alertsOpened: s.alertsOpened,
    alertsDelivered: s.alertsDelivered,
    outboxDepth: s.outboxDepth,
  };
  return {
    state: reason ? ('degraded' as const) : ('online' as const),
    counters,
    ...(reason ? { reason } : {}),
  };
}
