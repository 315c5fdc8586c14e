import {
  type Alert,
  type Clock,
  type Evidence,
  parseTopic,
  type TelemetrySample,
  type UlidFactory,
} from '@pdm/shared';
import type { EdgeConfig } from '../config.js';
import { AlertManager, type AssetRef } from './alert-manager.js';
import type { SlotRecord } from './alert-record.js';
import { AssetState, SensorState } from './asset-state.js';
import { BadMessageLog, type BadReason } from './bad-messages.js';
import { MissingTracker } from './missing.js';
import { type ModelBinding, type ModelWindow, ModelWindows } from './model-windows.js';
import type { Rollup } from './rollup.js';
import { type DetectorFactory, RuleTable } from './rule-table.js';
import { checkTelemetry } from './sample-check.js';
import type { Signal } from './signal.js';

export interface EngineSink {
  alert(alert: Alert): void;
  rollup(rollup: Rollup): void;
}

export interface EngineDeps {
  clock: Clock;
  mintId: UlidFactory;
  sink: EngineSink;
  makeDetector: DetectorFactory;
  /** Models fed with tumbling windows; completed windows go to `onWindow` for batch scoring. */
  models?: { bindings: readonly ModelBinding[]; onWindow: (window: ModelWindow) => void };
}

export interface EngineCounters {
  messages: number;
  samplesAccepted: number;
  readingsAccepted: number;
  readingsRejected: number;
  /** Newest event time accepted (the event-time watermark). */
  watermark: number;
}

const TOPIC_CACHE_LIMIT = 100_000;
const MISSING_CHECK_MS = 1_000;

/**
 * The pure detection pipeline: validate -> per-asset sensor windows -> rules and detectors ->
 * alert manager. Time is event time from the samples; the clock only bounds future-dated samples.
 */
export class DetectionEngine {
  readonly bad: BadMessageLog;
  readonly counters: EngineCounters = {
    messages: 0,
    samplesAccepted: 0,
    readingsAccepted: 0,
    readingsRejected: 0,
    watermark: Number.NEGATIVE_INFINITY,
  };
  readonly alerts: AlertManager;
  private readonly assets = new Map<string, AssetState>();
  private readonly topicCache = new Map<string, AssetState | string>();
  private readonly missing = new MissingTracker();
  private config: EdgeConfig;
  private table: RuleTable;
  private assetTypes = new Map<string, string>();
  private limits = new Map<string, { min: number; max: number }>();
  private nextMissingCheck = Number.NEGATIVE_INFINITY;
  /** Model windows per asset (RUL cycle windows are stored across restarts by the agent). */
  readonly modelWindows: ModelWindows;

  constructor(
    config: EdgeConfig,
    private readonly deps: EngineDeps,
  ) {
    this.config = config;
    this.bad = new BadMessageLog(config.ingest.deadLetterSamples);
    this.alerts = new AlertManager({
      gatewayId: config.gatewayId,
      cooldownMs: config.alerts.cooldown,
      updateEveryMs: config.alerts.updateEvery,
      mintId: deps.mintId,
    });
    this.table = this.buildTable(config, 0);
    this.indexAssets(config);
    this.modelWindows = new ModelWindows(deps.models?.bindings ?? [], deps.models?.onWindow ?? (() => {}));
  }

  /** A signal computed outside the sample path (a model score): goes to the alert manager. */
  applySignal(ref: AssetRef, signal: Signal): void {
    const asset = this.assetFor(ref);
    if (asset.stale) return;
    this.signal(asset, signal);
  }

  /** Open alerts and cool-downs stored before a restart (call before any sample). */
  restoreAlerts(records: readonly SlotRecord[]): void {
    this.alerts.restore(records);
    const missing = new Set(this.table.missingRules.map((r) => r.id));
    for (const { asset, ruleId } of this.alerts.restoredSources())
      if (missing.has(ruleId)) this.missing.resume(asset, ruleId);
  }

  /** Models changed (a reload): windows of models whose inputs are unchanged keep their state. */
  setModelBindings(bindings: readonly ModelBinding[]): void {
    this.modelWindows.setBindings(bindings);
  }

  /** Apply new rules, detectors, limits and timing. Windows, open alerts and unchanged rules keep their state. */
  reload(config: EdgeConfig): void {
    const before = this.table;
    this.config = config;
    this.table = this.buildTable(config, before.generation + 1);
    this.indexAssets(config);
    this.alerts.setTiming({ cooldownMs: config.alerts.cooldown, updateEveryMs: config.alerts.updateEvery });
    for (const id of before.fingerprints.keys()) {
      if (this.table.fingerprints.has(id)) continue;
      for (const alert of this.alerts.dropSource(id, this.counters.watermark)) this.deps.sink.alert(alert);
    }
    for (const asset of this.assets.values()) {
      for (const s of asset.sensors.values()) this.bindEvaluators(asset, s, before.fingerprints);
    }
    this.missing.retain(new Set(this.table.missingRules.map((r) => r.id)));
  }

  /** A JSON telemetry message from MQTT. Never throws; bad input is counted with its reason. */
  ingestJson(topic: string, payload: Buffer | string): void {
    this.counters.messages++;
    const asset = this.assetForTopic(topic);
    if (typeof asset === 'string') {
      this.reject('bad_topic', { topic, detail: asset, payload });
      return;
    }
    if (payload.length > this.config.ingest.maxPayloadBytes) {
      this.reject('too_large', { topic, detail: `payload of ${payload.length} bytes`, payload });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
    } catch (err) {
      this.reject('invalid_json', { topic, detail: (err as Error).message, payload });
      return;
    }
    const checked = checkTelemetry(value);
    if (!checked.ok) {
      this.reject('invalid_schema', { topic, detail: checked.reason, payload });
      return;
    }
    this.ingestSamples(asset, checked.samples, topic);
  }

  /** Validated samples of one asset (from JSON or Sparkplug). */
  ingestSamples(assetOrRef: AssetState | AssetRef, samples: readonly TelemetrySample[], topic: string): void {
    const asset = assetOrRef instanceof AssetState ? assetOrRef : this.assetFor(assetOrRef);
    if (asset.stale) {
      this.reject('stale', { topic, detail: `${asset.assetId} is stale: ${asset.staleReason}` });
      return;
    }
    const latest = this.deps.clock.now() + this.config.ingest.maxFutureSkew;
    for (const sample of samples) {
      if (sample.ts > latest) {
        this.reject('future_timestamp', { topic, detail: `ts ${sample.ts} is ahead of the gateway clock` });
        continue;
      }
      this.ingestSample(asset, sample, topic);
    }
  }

  /** Mark an asset's data stale (death certificate, sequence gap) or fresh again (birth). */
  setStale(ref: AssetRef, stale: boolean, reason: string): void {
    const asset = this.assetFor(ref);
    if (stale && !asset.stale) {
      asset.resetWindows();
      this.modelWindows.forget(ref);
    }
    asset.stale = stale;
    asset.staleReason = stale ? reason : '';
  }

  isStale(ref: AssetRef): boolean {
    return this.assets.get(`${ref.siteId}/${ref.assetId}`)?.stale ?? false;
  }

  /** Close every open rollup minute (on shutdown). */
  flushRollups(): void {
    for (const asset of this.assets.values()) {
      for (const s of asset.sensors.values()) {
        const done = s.bucket.flush();
        if (done) this.deps.sink.rollup(done);
      }
    }
  }

  get assetCount(): number {
    return this.assets.size;
  }

  /** Record a bad message from an adapter (e.g. an undecodable Sparkplug payload). */
  reject(reason: BadReason, e: { topic: string; detail: string; payload?: Buffer | string }): void {
    this.bad.record({
      reason,
      detail: e.detail,
      topic: e.topic,
      at: this.deps.clock.now(),
      payload: e.payload,
    });
  }

  private ingestSample(asset: AssetState, sample: TelemetrySample, topic: string): void {
    const t = sample.ts;
    const generation = this.table.generation;
    let rejected = 0;
    let accepted = 0;
    let problem = '';
    for (const sensor in sample.readings) {
      const v = sample.readings[sensor] as number;
      let state = asset.sensors.get(sensor);
      const range =
        state !== undefined && state.generation === generation ? state.range : this.rangeOf(sensor);
      if (v < range.min || v > range.max || sensor === '__proto__') {
        rejected++;
        problem ||= `out_of_range:${sensor}=${v} outside [${range.min}, ${range.max}]`;
        continue;
      }
      if (state && t <= state.series.lastTime) {
        rejected++;
        problem ||= `out_of_order:${sensor} at ${t} is not after ${state.series.lastTime}`;
        continue;
      }
      state ??= this.addSensor(asset, sensor);
      this.accept(asset, state, t, v);
      accepted++;
    }
    if (rejected > 0) {
      this.counters.readingsRejected += rejected;
      const reason = problem.slice(0, problem.indexOf(':')) as BadReason;
      this.reject(reason, { topic, detail: problem.slice(problem.indexOf(':') + 1) });
    }
    if (accepted === 0) return;
    if (!this.modelWindows.empty) this.modelWindows.push(asset, t, rejected === 0 ? sample.readings : {});
    this.counters.samplesAccepted++;
    if (Number.isNaN(asset.firstSeen)) asset.firstSeen = t;
    if (t > this.counters.watermark) this.advanceWatermark(t);
  }

  private accept(asset: AssetState, state: SensorState, t: number, v: number): void {
    this.counters.readingsAccepted++;
    const series = state.series;
    series.push(t, v);
    const minute = state.bucket.add(t, v);
    if (minute) this.deps.sink.rollup(minute);
    if (state.generation !== this.table.generation) this.bindEvaluators(asset, state);
    const evaluators = state.evaluators;
    if (evaluators.length === 0) return;
    const windowStart = t - this.config.features.window;
    for (let i = 0; i < evaluators.length; i++) {
      const signal = (evaluators[i] as (typeof evaluators)[number]).onSample(series, windowStart);
      if (signal) this.signal(asset, signal);
    }
  }

  private signal(asset: AssetState, signal: Signal): void {
    const alert = this.alerts.observe(asset, signal, (since, sensors) =>
      this.evidence(asset, since, sensors),
    );
    if (alert) this.deps.sink.alert(alert);
  }

  private evidence(asset: AssetState, since: number, sensors: readonly string[]): Evidence {
    const out: Evidence = {};
    for (const name of sensors) {
      const state = asset.sensors.get(name);
      out[name] = state ? state.series.evidence(since) : [];
    }
    return out;
  }

  private advanceWatermark(t: number): void {
    this.counters.watermark = t;
    if (t < this.nextMissingCheck || this.table.missingRules.length === 0) return;
    this.nextMissingCheck = t + MISSING_CHECK_MS;
    this.missing.check(
      { watermark: t, assets: this.assets.values(), rules: this.table.missingRules },
      (a, s) => this.signal(a, s),
    );
  }

  private addSensor(asset: AssetState, sensor: string): SensorState {
    const features = this.config.features;
    const state = new SensorState(asset, sensor, { capacity: features.capacity, windowMs: features.window });
    asset.sensors.set(sensor, state);
    this.bindEvaluators(asset, state);
    this.alerts.resume(asset, sensor, state.evaluators);
    return state;
  }

  private bindEvaluators(
    asset: AssetState,
    state: SensorState,
    fingerprints?: ReadonlyMap<string, string>,
  ): void {
    const previous = { evaluators: state.evaluators, fingerprints: fingerprints ?? this.table.fingerprints };
    state.evaluators = this.table.evaluatorsFor(asset, state.sensor, previous);
    state.range = this.rangeOf(state.sensor);
    state.generation = this.table.generation;
  }

  private rangeOf(sensor: string): { readonly min: number; readonly max: number } {
    return this.limits.get(sensor) ?? this.config.defaultLimits;
  }

  private assetForTopic(topic: string): AssetState | string {
    const cached = this.topicCache.get(topic);
    if (cached !== undefined) return cached;
    const parsed = parseTopic(topic);
    let result: AssetState | string;
    if (!parsed.ok) result = parsed.reason;
    else if (parsed.topic.kind !== 'telemetry') result = `not a telemetry topic (${parsed.topic.kind})`;
    else result = this.assetFor(parsed.topic);
    if (this.topicCache.size >= TOPIC_CACHE_LIMIT) this.topicCache.clear();
    this.topicCache.set(topic, result);
    return result;
  }

  private assetFor(ref: AssetRef): AssetState {
    const key = `${ref.siteId}/${ref.assetId}`;
    let asset = this.assets.get(key);
    if (!asset) {
      asset = new AssetState(ref.siteId, ref.assetId, this.assetTypes.get(ref.assetId));
      this.assets.set(key, asset);
    }
    return asset;
  }

  private indexAssets(config: EdgeConfig): void {
    this.assetTypes = new Map(config.assets.map((a) => [a.id, a.type]));
    this.limits = new Map(Object.entries(config.sensors));
    for (const asset of this.assets.values()) asset.type = this.assetTypes.get(asset.assetId);
  }

  private buildTable(config: EdgeConfig, generation: number): RuleTable {
    const input = {
      rules: config.rules,
      detectors: config.detectors,
      capacity: config.features.capacity,
      makeDetector: this.deps.makeDetector,
    };
    return new RuleTable(input, generation);
  }
}
