import { AssetWindowAccumulator } from '@pdm/models/online';
import type { AssetRef } from './alert-manager.js';
import type { AssetMatch } from './asset-match.js';
import { type AssetIdentity, matchesAsset } from './asset-match.js';

/** What a model needs from its card to be fed: which sensors, over how long a window. */
export interface ModelBinding {
  id: string;
  match: AssetMatch;
  sensors: readonly string[];
  windowSeconds: number;
}

/** A completed window of one asset, ready to be scored by model `modelId`. */
export interface ModelWindow {
  modelId: string;
  asset: AssetRef;
  start: number;
  end: number;
  vector: number[];
}

/**
 * Tumbling event-time windows per asset and model, built by the same accumulator the models were
 * trained with. The feature vector is taken when the window closes, so scoring later in a batch
 * gives the same result as scoring at once: replay speed does not change the alerts.
 */
export class ModelWindows {
  private readonly perAsset = new Map<string, { binding: ModelBinding; acc: AssetWindowAccumulator }[]>();

  constructor(
    private readonly bindings: readonly ModelBinding[],
    private readonly emit: (window: ModelWindow) => void,
  ) {}

  get empty(): boolean {
    return this.bindings.length === 0;
  }

  push(asset: AssetIdentity, ts: number, readings: Readonly<Record<string, number>>): void {
    const key = `${asset.siteId}/${asset.assetId}`;
    let mine = this.perAsset.get(key);
    if (mine === undefined) {
      mine = this.bindings
        .filter((b) => matchesAsset(b.match, asset))
        .map((binding) => ({
          binding,
          acc: new AssetWindowAccumulator(binding.sensors, binding.windowSeconds),
        }));
      this.perAsset.set(key, mine);
    }
    for (const { binding, acc } of mine) {
      const done = acc.push(ts, readings);
      if (!done) continue;
      this.emit({
        modelId: binding.id,
        asset: { siteId: asset.siteId, assetId: asset.assetId },
        start: done.start,
        end: done.start + binding.windowSeconds * 1000,
        vector: done.vector,
      });
    }
  }

  /** Windows of an asset whose data went stale restart from scratch. */
  forget(asset: AssetRef): void {
    this.perAsset.delete(`${asset.siteId}/${asset.assetId}`);
  }
}
