import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnomalyScorer, BackendLogger, RulPredictor } from '@pdm/models';
import type { AnomalyModelConfig, ModelConfig, RulModelConfig } from '../config-schema.js';
import type { AssetRef } from '../domain/alert-manager.js';
import type { ModelBinding, ModelWindow } from '../domain/model-windows.js';
import { RulHysteresis } from '../domain/rul-hysteresis.js';
import { ScoreHysteresis } from '../domain/score-hysteresis.js';
import type { Signal } from '../domain/signal.js';

type LoadedModel =
  | {
      kind: 'anomaly';
      config: AnomalyModelConfig;
      scorer: AnomalyScorer;
      hysteresis: ScoreHysteresis;
      binding: ModelBinding;
      version: string;
    }
  | {
      kind: 'rul';
      config: RulModelConfig;
      predictor: RulPredictor;
      hysteresis: RulHysteresis;
      binding: ModelBinding;
      version: string;
    };

export interface ModelLogger extends BackendLogger {
  error?(obj: object, msg: string): void;
}

/** What a reload did, per model id. */
export interface ModelReload {
  /** Artifacts (re)loaded and swapped in. */
  loaded: string[];
  /** Same artifact, new thresholds or matching: swapped in place, state kept. */
  updated: string[];
  removed: string[];
  /** Refused with the reason; a model that was running keeps running. */
  refused: { id: string; error: string }[];
}

/**
 * Loads tfjs anomaly and RUL models (backend chosen once by @pdm/models: tfjs-node, wasm, or cpu)
 * and scores completed windows in batches. The window vectors were fixed when the windows closed,
 * so batching changes latency only, never results. `reload` swaps models in while running: a
 * model that fails to load, or whose card does not fit its own weights, is refused and the model
 * it would have replaced keeps running.
 */
export class ModelRunner {
  private pending: ModelWindow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly models = new Map<string, LoadedModel>();
  private runtime: typeof import('@pdm/models') | undefined;
  scored = 0;
  batches = 0;
  failedBatches = 0;
  lastError = '';
  backend = 'none';

  private constructor(
    private readonly batch: { size: number; every: number },
    private readonly logger: ModelLogger,
  ) {}

  /** Load the configured models; at start a model that cannot be loaded is an error. */
  static async load(
    configs: readonly ModelConfig[],
    opts: { batch: { size: number; every: number }; logger: ModelLogger },
  ): Promise<ModelRunner> {
    const runner = new ModelRunner(opts.batch, opts.logger);
    const report = await runner.reload(configs);
    const first = report.refused[0];
    if (first) {
      runner.stop();
      throw new Error(`model ${first.id} not loaded: ${first.error}`);
    }
    return runner;
  }

  get ids(): string[] {
    return [...this.models.keys()];
  }

  get bindings(): ModelBinding[] {
    return [...this.models.values()].map((m) => m.binding);
  }

  /** Version (`card name@version`) of each running model. */
  get versions(): Record<string, string> {
    return Object.fromEntries([...this.models].map(([id, m]) => [id, m.version]));
  }

  /** A model's condition was open for this asset before a restart (no-op for unknown ids). */
  resume(modelId: string, asset: AssetRef): void {
    this.models.get(modelId)?.hysteresis.resume(asset);
  }

  /**
   * Apply a new model list. Unchanged models are kept as they are; a model whose artifact (path, or
   * the card's version on disk) changed is loaded and checked before it replaces the running one;
   * a change of thresholds only is applied in place. Per-asset hysteresis state is kept either way.
   */
  reload(configs: readonly ModelConfig[]): Promise<ModelReload> {
    // One reload at a time, in the order asked.
    const run = this.reloading.then(() => this.apply_(configs));
    this.reloading = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private reloading: Promise<void> = Promise.resolve();

  private async apply_(configs: readonly ModelConfig[]): Promise<ModelReload> {
    const report: ModelReload = { loaded: [], updated: [], removed: [], refused: [] };
    const next = new Map<string, LoadedModel>();
    for (const config of configs) {
      const running = this.models.get(config.id);
      try {
        if (running && running.kind === config.kind && running.config.path === config.path) {
          if (cardVersion(config.path) === running.version) {
            if (JSON.stringify(running.config) !== JSON.stringify(config)) {
              next.set(config.id, retune(running, config));
              report.updated.push(config.id);
            } else next.set(config.id, running);
            continue;
          }
        }
        next.set(config.id, await this.loadOne(config, running));
        report.loaded.push(config.id);
      } catch (err) {
        const error = (err as Error).message;
        report.refused.push({ id: config.id, error });
        this.logger.error?.({ model: config.id, path: config.path, err: error }, 'model refused');
        if (running) next.set(config.id, running);
      }
    }
    // Swap synchronously: no batch runs between here and the end of this method.
    for (const [id, old] of this.models) {
      const now = next.get(id);
      if (now === old) continue;
      if (!now) report.removed.push(id);
      // Windows already waiting are scored by the new model only if it takes the same inputs.
      if (!now || JSON.stringify(inputOf(now)) !== JSON.stringify(inputOf(old)))
        this.pending = this.pending.filter((w) => w.modelId !== id);
      if (!now || disposable(old) !== disposable(now)) disposeModel(old);
    }
    this.models.clear();
    for (const [id, m] of next) this.models.set(id, m);
    return report;
  }

  /** Start scoring on a timer; `apply` receives each resulting signal. */
  start(apply: (asset: AssetRef, signal: Signal) => void): void {
    this.apply = apply;
    this.timer = setInterval(() => {
      try {
        this.flush();
      } catch (err) {
        // A failing batch is dropped and counted; the agent keeps running.
        this.failedBatches++;
        this.lastError = (err as Error).message;
      }
    }, this.batch.every);
    this.timer.unref();
  }

  enqueue(window: ModelWindow): void {
    this.pending.push(window);
    if (this.pending.length >= this.batch.size) this.flush();
  }

  /** Score everything pending, one batch per model, and apply the signals in window order. */
  flush(): void {
    if (this.pending.length === 0) return;
    const windows = this.pending;
    this.pending = [];
    const results = new Map<ModelWindow, number | { p10: number; p50: number; p90: number }>();
    for (const [id, model] of this.models) {
      const mine = windows.filter((w) => w.modelId === id);
      if (mine.length === 0) continue;
      if (model.kind === 'anomaly') {
        const out = model.scorer.scores(mine.map((w) => w.vector));
        for (let i = 0; i < mine.length; i++) results.set(mine[i] as ModelWindow, out[i] as number);
      } else {
        const ready = mine.filter((w) => w.rul);
        const xs = ready.map((w) => (w.rul as { x: Float32Array }).x);
        const size = xs[0]?.length ?? 0;
        const x = new Float32Array(ready.length * size);
        xs.forEach((one, i) => {
          x.set(one, i * size);
        });
        const out = model.predictor.predictWindows(x, ready.length);
        for (let i = 0; i < ready.length; i++) results.set(ready[i] as ModelWindow, out[i] as never);
      }
      this.batches++;
    }
    for (const w of windows) {
      const model = this.models.get(w.modelId);
      const result = results.get(w);
      if (!model || result === undefined) continue;
      this.scored++;
      const signal =
        model.kind === 'anomaly'
          ? model.hysteresis.observe(w.asset, { score: result as number, start: w.start, end: w.end })
          : w.rul && typeof result !== 'number'
            ? model.hysteresis.observe(w.asset, { time: w.end - 1, cycle: w.rul, rul: result })
            : undefined;
      if (signal) this.apply(w.asset, signal);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
    for (const m of this.models.values()) disposeModel(m);
    this.models.clear();
  }

  private async loadOne(config: ModelConfig, running: LoadedModel | undefined): Promise<LoadedModel> {
    const models = await this.tfRuntime();
    if (config.kind === 'rul') {
      const predictor = await models.RulPredictor.load(config.path);
      checkFits(predictor, 'window', () =>
        predictor.predictWindows(
          new Float32Array(predictor.spec.window * models.featureCount(predictor.spec)),
          1,
        ),
      );
      const spec = predictor.spec;
      const version = modelVersion(predictor.card);
      const tuned = { ...config, version };
      const hysteresis = running?.kind === 'rul' ? running.hysteresis : new RulHysteresis(tuned);
      hysteresis.setModel(tuned);
      this.logger.info({ model: config.id, card: version, window: spec.window }, 'RUL model loaded');
      return {
        kind: 'rul',
        config,
        predictor,
        hysteresis,
        version,
        binding: {
          id: config.id,
          match: config.match,
          sensors: spec.sensors.map((n) => `${config.sensorPrefix}${n}`),
          windowSeconds: 0,
          rul: {
            spec,
            sensorPrefix: config.sensorPrefix,
            settings: config.settings,
            minCycles: config.minCycles ?? spec.window,
          },
        },
      };
    }
    const scorer = await models.AnomalyScorer.load(config.path);
    checkFits(scorer, 'features', () => scorer.errors([new Array(scorer.spec.scaler.mean.length).fill(0)]));
    const spec = scorer.spec;
    const version = modelVersion(scorer.card);
    const tuned = { ...config, version, sensors: spec.sensors };
    const hysteresis = running?.kind === 'anomaly' ? running.hysteresis : new ScoreHysteresis(tuned);
    hysteresis.setModel(tuned);
    this.logger.info({ model: config.id, card: version, assetType: spec.assetType }, 'anomaly model loaded');
    return {
      kind: 'anomaly',
      config,
      scorer,
      hysteresis,
      version,
      binding: anomalyBinding(config, spec),
    };
  }

  /** tfjs (tens of MB) loads only when a model is configured. */
  private async tfRuntime(): Promise<typeof import('@pdm/models')> {
    if (!this.runtime) {
      this.runtime = await import('@pdm/models');
      const choice = await this.runtime.selectBackend({
        override: process.env.PDM_TF_BACKEND,
        log: this.logger,
      });
      this.backend = choice.backend;
    }
    return this.runtime;
  }

  private apply: (asset: AssetRef, signal: Signal) => void = () => {};
}

function anomalyBinding(
  config: AnomalyModelConfig,
  spec: { assetType: string; sensors: string[]; windowSeconds: number },
): ModelBinding {
  const match = Object.keys(config.match).length > 0 ? config.match : { types: [spec.assetType] };
  return { id: config.id, match, sensors: spec.sensors, windowSeconds: spec.windowSeconds };
}

/** Same artifact, new thresholds or matching: a new entry sharing the artifact and the state. */
function retune(running: LoadedModel, config: ModelConfig): LoadedModel {
  if (running.kind === 'anomaly' && config.kind === 'anomaly') {
    const spec = running.scorer.spec;
    running.hysteresis.setModel({ ...config, version: running.version, sensors: spec.sensors });
    return { ...running, config, binding: anomalyBinding(config, spec) };
  }
  if (running.kind === 'rul' && config.kind === 'rul') {
    running.hysteresis.setModel({ ...config, version: running.version });
    const rul = running.binding.rul as NonNullable<ModelBinding['rul']>;
    const binding: ModelBinding = {
      ...running.binding,
      match: config.match,
      sensors: rul.spec.sensors.map((n) => `${config.sensorPrefix}${n}`),
      rul: {
        ...rul,
        sensorPrefix: config.sensorPrefix,
        settings: config.settings,
        minCycles: config.minCycles ?? rul.spec.window,
      },
    };
    return { ...running, config, binding };
  }
  throw new Error(`model ${config.id} changed kind`);
}

/** `name@version` from the card on disk, to notice an artifact replaced in place. */
function cardVersion(path: string): string {
  try {
    const card = JSON.parse(readFileSync(join(path, 'card.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    return modelVersion(card);
  } catch {
    return '';
  }
}

function inputOf(m: LoadedModel): unknown {
  return [m.binding.sensors, m.binding.windowSeconds, m.binding.rul ?? null];
}

function disposable(m: LoadedModel): unknown {
  return m.kind === 'anomaly' ? m.scorer : m.predictor;
}

function disposeModel(m: LoadedModel): void {
  if (m.kind === 'anomaly') m.scorer.dispose();
  else m.predictor.dispose();
}

/** The card must fit its own weights: one input of the card's shape goes through the model. */
function checkFits(model: { dispose(): void }, what: string, run: () => unknown): void {
  try {
    run();
  } catch (err) {
    model.dispose();
    throw new Error(
      `feature mismatch: the model does not accept the card's ${what}: ${(err as Error).message}`,
    );
  }
}

/** How alerts name a model: `name@version` of its card (the alert schema allows 64 characters). */
function modelVersion(card: { name?: string; version?: string }): string {
  return `${card.name}@${card.version}`.slice(0, 64);
}
