import { AssetWindowAccumulator } from '@pdm/models/online';
import type { AssetRef } from './alert-manager.js';
import type { AssetMatch } from './asset-match.js';
import { type AssetIdentity, matchesAsset } from './asset-match.js';
import { type RulCycle, RulCycleWindow, type RulInputs } from './rul-window.js';

/** What a model needs from its card to be fed: which sensors, over how long a window. */
export interface ModelBinding {
  id: string;
  match: AssetMatch;
  sensors: readonly string[];
  windowSeconds: number;
  /** RUL models: one window per cycle (sample) instead of tumbling time windows. */
  rul?: RulInputs;
}

/** A completed window of one asset, ready to be scored by model `modelId`. */
export interface ModelWindow {
  modelId: string;
  asset: AssetRef;
  start: number;
  end: number;
  vector: number[];
  /** RUL models: the cycle window (then `vector` is empty). */
  rul?: RulCycle;
}

type Feeder = AssetWindowAccumulator | RulCycleWindow;

/**
 * Tumbling event-time windows per asset and model, built by the same accumulator the models were
 * trained with. The feature vector is taken when the window closes, so scoring later in a batch
 * gives the same result as scoring at once: replay speed does not change the alerts.
 */
export class ModelWindows {
  private readonly perAsset = new Map<string, { binding: ModelBinding; acc: Feeder }[]>();

  constructor(
    private bindings: readonly ModelBinding[],
    private readonly emit: (window: ModelWindow) => void,
  ) {}

  /**
   * New bindings (a reload): windows of bindings whose input (sensors, window, RUL card inputs) is
   * unchanged keep their state; others start afresh; bindings that went away are forgotten.
   */
  setBindings(bindings: readonly ModelBinding[]): void {
    const before = new Map(this.bindings.map((b) => [b.id, inputOf(b)]));
    this.bindings = bindings;
    const next = new Map(bindings.map((b) => [b.id, b]));
    const filter = (list: { binding: ModelBinding; acc: Feeder }[]) =>
      list.flatMap(({ binding, acc }) => {
        const now = next.get(binding.id);
        if (!now || inputOf(now) !== (before.get(binding.id) ?? inputOf(binding))) return [];
        return [{ binding: now, acc }];
      });
    for (const [key, list] of this.kept) this.kept.set(key, filter(list));
    // Matching may have changed too: each asset's list is rebuilt at its next sample, reusing these.
    for (const [key, list] of this.perAsset) this.kept.set(key, filter(list));
    this.perAsset.clear();
  }

  private readonly kept = new Map<string, { binding: ModelBinding; acc: Feeder }[]>();

  get empty(): boolean {
    return this.bindings.length === 0;
  }

  push(asset: AssetIdentity, ts: number, readings: Readonly<Record<string, number>>): void {
    const key = `${asset.siteId}/${asset.assetId}`;
    let mine = this.perAsset.get(key);
    if (mine === undefined) {
      const kept = this.kept.get(key);
      this.kept.delete(key);
      mine = this.bindings
        .filter((b) => matchesAsset(b.match, asset))
        .map((binding) => ({
          binding,
          acc: kept?.find((k) => k.binding.id === binding.id)?.acc ?? feederFor(binding),
        }));
      this.perAsset.set(key, mine);
    }
    for (const { binding, acc } of mine) {
      if (acc instanceof RulCycleWindow) {
        const rul = acc.push(ts, readings);
        if (!rul) continue;
        const asset_ = { siteId: asset.siteId, assetId: asset.assetId };
        this.emit({ modelId: binding.id, asset: asset_, start: rul.since, end: ts + 1, vector: [], rul });
        continue;
      }
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
    this.kept.delete(`${asset.siteId}/${asset.assetId}`);
  }
}

function feederFor(binding: ModelBinding): Feeder {
  return binding.rul
    ? new RulCycleWindow(binding.rul)
    : new AssetWindowAccumulator(binding.sensors, binding.windowSeconds);
}

/** What a binding's windows are built from: equal inputs keep their windows across a reload. */
function inputOf(b: ModelBinding): string {
  return JSON.stringify([b.sensors, b.windowSeconds, b.rul ?? null]);
}
