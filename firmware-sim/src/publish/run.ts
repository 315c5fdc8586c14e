import { type Clock, parseOrThrow } from '@pdm/shared';
import { ASSET_CATALOG } from '../devices/catalog.js';
import { generateSamples } from '../generate.js';
import { planScenario, type ScenarioPlan } from '../physics/plan.js';
import { type Scenario, ScenarioSchema } from '../scenarios/schema.js';
import { JsonPublisher } from './json.js';
import type { BrokerOptions, Publisher } from './publisher.js';
import { checkPublishSettings } from './settings.js';
import { type SparkplugLayout, SparkplugPublisher } from './sparkplug.js';
import { type SimProgress, type SimulationRun, streamSamples } from './stream.js';
import { runThreadedJson } from './threaded.js';
import { runThreadedSparkplug } from './threaded-sparkplug.js';

export type WireFormat = 'json' | 'sparkplug';

export interface RunOptions {
  scenario: Scenario;
  brokerUrl: string;
  username?: string;
  password?: string;
  /** Simulated ms per wall ms; the scenario's own speed by default; Infinity = as fast as possible. */
  speed?: number;
  format?: WireFormat;
  onProgress?: (p: SimProgress) => void;
  clock?: Clock;
  /** Most samples per message (JSON array or Sparkplug DDATA); 1 = one message per sample. Default 500. */
  maxBatch?: number;
  /** Sparkplug: DDATA metrics by the alias their DBIRTH gave them (default) or, when false, by name. */
  sparkplugAliases?: boolean;
  /** JSON: MQTT QoS of telemetry. Default 0. */
  qos?: 0 | 1;
  progressEveryMs?: number;
  /**
   * At unlimited speed only: generate and serialise (JSON) or encode DDATA (Sparkplug) on a worker
   * thread, publish on this one (spreads the work over two threads). Same messages, same order.
   */
  threads?: boolean;
}

/** Publishes a scenario's samples to a broker in event time, accelerated by `speed`. */
export function runSimulation(opts: RunOptions): SimulationRun {
  checkPublishSettings({ ...opts }, 'simulation options');
  const scenario = parseOrThrow(ScenarioSchema, opts.scenario, 'scenario');
  const plan = planScenario(scenario);
  const broker = brokerOf(opts);
  const unlimited = !Number.isFinite(opts.speed ?? scenario.speed);
  if (opts.threads && opts.format !== 'sparkplug' && unlimited) {
    return runThreadedJson({
      scenario,
      broker,
      maxBatch: opts.maxBatch ?? 500,
      qos: opts.qos ?? 0,
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.progressEveryMs !== undefined ? { progressEveryMs: opts.progressEveryMs } : {}),
    });
  }
  const { stops, sparkplug } = sparkplugPlan(scenario, plan, opts.sparkplugAliases ?? true);
  if (opts.threads && opts.format === 'sparkplug' && unlimited) {
    return runThreadedSparkplug({
      scenario,
      broker,
      layout: sparkplug,
      maxBatch: opts.maxBatch ?? 500,
      stops,
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.progressEveryMs !== undefined ? { progressEveryMs: opts.progressEveryMs } : {}),
    });
  }
  const connect = () => connectPublisher({ ...opts, broker, sparkplug });
  return streamSamples({
    source: generateSamples(scenario, { plan }),
    startAt: plan.startAt,
    endAt: plan.endAt,
    stops,
    connect,
    speed: opts.speed ?? scenario.speed,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.progressEveryMs !== undefined ? { progressEveryMs: opts.progressEveryMs } : {}),
  });
}

/** The devices that stop reporting (failed machines) and the Sparkplug node per site with its devices. */
export function sparkplugPlan(
  scenario: Scenario,
  plan: ScenarioPlan,
  aliases: boolean,
): { stops: { siteId: string; assetId: string; at: number }[]; sparkplug: SparkplugLayout } {
  const stops = plan.assets
    .filter(
      (a) =>
        a.failureAt !== null && a.failureAt < plan.endAt && ASSET_CATALOG[a.type].afterFailure === 'silent',
    )
    .map((a) => ({ siteId: a.siteId, assetId: a.assetId, at: a.failureAt as number }));
  const sparkplug: SparkplugLayout = {
    startAt: plan.startAt,
    aliases,
    sites: scenario.sites.map((site) => ({
      siteId: site.id,
      groupId: scenario.sparkplugGroup ?? site.id,
      nodeId: site.gatewayId ?? `${site.id}-gw`,
      devices: plan.assets
        .filter((a) => a.siteId === site.id)
        .map((a) => ({ assetId: a.assetId, sensors: a.sensors })),
    })),
  };
  return { stops, sparkplug };
}

/** Connects the publisher for the wire format: JSON on one connection, Sparkplug one per site. */
export function connectPublisher(opts: {
  format?: WireFormat;
  broker: BrokerOptions;
  sparkplug: SparkplugLayout;
  maxBatch?: number;
  qos?: 0 | 1;
}): Promise<Publisher> {
  if (opts.format === 'sparkplug') {
    return SparkplugPublisher.connect(opts.broker, { ...opts.sparkplug, maxBatch: opts.maxBatch ?? 500 });
  }
  return JsonPublisher.connect(opts.broker, { maxBatch: opts.maxBatch ?? 500, qos: opts.qos ?? 0 });
}

export function brokerOf(opts: { brokerUrl: string; username?: string; password?: string }): BrokerOptions {
  return {
    brokerUrl: opts.brokerUrl,
    ...(opts.username !== undefined ? { username: opts.username } : {}),
    ...(opts.password !== undefined ? { password: opts.password } : {}),
  };
}
