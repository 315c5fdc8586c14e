import type { AnomalyScorer, BackendLogger } from '@pdm/models';
import type { ModelConfig } from '../config-schema.js';
import type { AssetRef } from '../domain/alert-manager.js';
import type { ModelBinding, ModelWindow } from '../domain/model-windows.js';
import { ScoreHysteresis } from '../domain/score-hysteresis.js';
import type { Signal } from '../domain/signal.js';

interface LoadedModel {
  config: ModelConfig;
  scorer: AnomalyScorer;
  hysteresis: ScoreHysteresis;
  binding: ModelBinding;
}

/**
 * Loads tfjs anomaly models (backend chosen once by @pdm/models: tfjs-node, wasm, or cpu) and
 * scores completed windows in batches. The window vectors were fixed when the windows closed, so
 * batching changes latency only, never results.
 */
export class ModelRunner {
  private pending: ModelWindow[] = [];
  private timer: NodeJS.Timeout | undefined;
  scored = 0;
  batches = 0;
  failedBatches = 0;
  lastError = '';

  private constructor(
    private readonly models: Map<string, LoadedModel>,
    private readonly batch: { size: number; every: number },
    readonly backend: string,
  ) {}

  static async load(
    configs: readonly ModelConfig[],
    opts: { batch: { size: number; every: number }; logger: BackendLogger },
  ): Promise<ModelRunner> {
    const models = new Map<string, LoadedModel>();
    if (configs.length === 0) return new ModelRunner(models, opts.batch, 'none');
    // tfjs (tens of MB) loads only when a model is configured.
    const { AnomalyScorer, selectBackend } = await import('@pdm/models');
    const choice = await selectBackend({ override: process.env.PDM_TF_BACKEND, log: opts.logger });
    for (const config of configs) {
      const scorer = await AnomalyScorer.load(config.path);
      const spec = scorer.spec;
      const match = Object.keys(config.match).length > 0 ? config.match : { types: [spec.assetType] };
      const version = `${scorer.card.name}@${scorer.card.version}`.slice(0, 64);
      models.set(config.id, {
        config,
        scorer,
        hysteresis: new ScoreHysteresis({ ...config, version, sensors: spec.sensors }),
        binding: { id: config.id, match, sensors: spec.sensors, windowSeconds: spec.windowSeconds },
      });
      opts.logger.info(
        { model: config.id, card: version, assetType: spec.assetType },
        'anomaly model loaded',
      );
    }
    return new ModelRunner(models, opts.batch, choice.backend);
  }

  get ids(): string[] {
    return [...this.models.keys()];
  }

  /** A model's condition was open for this asset before a restart (no-op for unknown ids). */
  resume(modelId: string, asset: AssetRef): void {
    this.models.get(modelId)?.hysteresis.resume(asset);
  }

  get bindings(): ModelBinding[] {
    return [...this.models.values()].map((m) => m.binding);
  }

  /** Start scoring on a timer; `apply` receives each resulting signal. */
  start(apply: (asset: AssetRef, signal: Signal) => void): void {
    this.apply = apply;
    if (this.models.size === 0) return;
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
    const scores = new Map<ModelWindow, number>();
    for (const [id, model] of this.models) {
      const mine = windows.filter((w) => w.modelId === id);
      if (mine.length === 0) continue;
      const out = model.scorer.scores(mine.map((w) => w.vector));
      for (let i = 0; i < mine.length; i++) scores.set(mine[i] as ModelWindow, out[i] as number);
      this.batches++;
    }
    for (const w of windows) {
      const model = this.models.get(w.modelId);
      const score = scores.get(w);
      if (!model || score === undefined) continue;
      this.scored++;
      const signal = model.hysteresis.observe(w.asset, { score, start: w.start, end: w.end });
      if (signal) this.apply(w.asset, signal);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
    for (const m of this.models.values()) m.scorer.dispose();
  }

  private apply: (asset: AssetRef, signal: Signal) => void = () => {};
}
