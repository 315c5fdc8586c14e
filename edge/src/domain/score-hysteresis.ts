import type { AnomalyModelConfig } from '../config-schema.js';
import type { AssetRef } from './alert-manager.js';
import { escalatedSeverity, type Signal } from './signal.js';

/** Open after `consecutive` window scores >= openScore, clear below clearScore; per asset. */
export class ScoreHysteresis {
  private readonly state = new Map<string, { open: boolean; streak: number }>();

  constructor(private model: AnomalyModelConfig & { version: string; sensors: readonly string[] }) {}

  /** New thresholds (a reload); per-asset state is kept. */
  setModel(model: AnomalyModelConfig & { version: string; sensors: readonly string[] }): void {
    this.model = model;
  }

  /** The model's condition was open for this asset before a restart. */
  resume(asset: AssetRef): void {
    this.state.set(`${asset.siteId}/${asset.assetId}`, { open: true, streak: 0 });
  }

  observe(asset: AssetRef, w: { score: number; start: number; end: number }): Signal | undefined {
    const key = `${asset.siteId}/${asset.assetId}`;
    const s = this.state.get(key) ?? { open: false, streak: 0 };
    this.state.set(key, s);
    if (!Number.isFinite(w.score)) return undefined;
    if (!s.open) {
      s.streak = w.score >= this.model.openScore ? s.streak + 1 : 0;
      if (s.streak < this.model.consecutive) return undefined;
      s.open = true;
    } else if (w.score < this.model.clearScore) {
      s.open = false;
      s.streak = 0;
      return this.signal(false, w);
    }
    return this.signal(true, w);
  }

  private signal(active: boolean, w: { score: number; start: number; end: number }): Signal {
    const m = this.model;
    return {
      ruleId: m.id,
      version: m.version,
      source: 'anomaly',
      failureMode: m.failureMode,
      active,
      score: w.score,
      threshold: m.openScore,
      severity: escalatedSeverity(m.severity, m.escalate, (at) => w.score >= at),
      // The window [start, end) closed when a sample at or after `end` arrived: the last point is before it.
      time: w.end - 1,
      since: w.start,
      sensors: m.sensors.slice(0, 32),
    };
  }
}
