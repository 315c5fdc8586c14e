import { AssetWindowAccumulator } from '@pdm/models/online';
import type { AssetRef } from './alert-manager.js';
import type { AssetMatch } from './asset-match.js';
import { type AssetIdentity, matchesAsset } from './asset-match.js';
import { type RulCycle, RulCycleWindow, type RulInputs, type RulWindowState } from './rul-window.js';

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

  /** RUL cycle windows (with what they were built for), to store across a restart. */
  rulStates(): { modelId: string; asset: AssetRef; input: string; state: RulWindowState }[] {
    const out: { modelId: string; asset: AssetRef; input: string; state: RulWindowState }[] = [];
    for (const map of [this.perAsset, this.kept]) {
      for (const [key, list] of map) {
        const [siteId, assetId] = splitKey(key);
        for (const { binding, acc } of list) {
          if (!(acc instanceof RulCycleWindow)) continue;
          const state = acc.snapshot();
          if (state)
            out.push({ modelId: binding.id, asset: { siteId, assetId }, input: inputOf(binding), state });
        }
      }
    }
    return out;
  }

  /**
   * Stored RUL cycle windows (at start, before any sample): each is used when its model is
   * configured with the same inputs; others are ignored. Returns how many were taken.
   */
  restoreRul(
    records: readonly { modelId: string; asset: AssetRef; input: string; state: RulWindowState }[],
  ): number {
    const bindings = new Map(this.bindings.map((b) => [b.id, b]));
    let taken = 0;
    for (const r of records) {
      const binding = bindings.get(r.modelId);
      if (!binding?.rul || inputOf(binding) !== r.input) continue;
      const acc = new RulCycleWindow(binding.rul);
      if (!acc.restore(r.state)) continue;
      const key = `${r.asset.siteId}/${r.asset.assetId}`;
      const list = this.kept.get(key) ?? [];
      list.push({ binding, acc });
      this.kept.set(key, list);
      taken++;
    }
    return taken;
  }

  /** Windows of an asset whose data went stale restart from scratch. */
  forget(asset: AssetRef): void {
    this.perAsset.delete(`${asset.siteId}/${asset.assetId}`);
    this.kept.delete(`${asset.siteId}/${asset.assetId}`);
  }
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf('/');
  return [key.slice(0, at), key.slice(at + 1)];
}

function feederFor(binding: ModelBinding): Feeder {
  return binding.rul
    ? new RulCycleWindow(binding.rul)
    : new AssetWindowAccumulator(binding.sensors, binding.windowSeconds);
}

/** What a binding's windows are built from: equal inputs keep their windows across a reload. */
function inputOf(b: ModelBinding): string {
  return fnv1a(JSON.stringify([b.sensors, b.windowSeconds, b.rul ?? null]));
}

/** A short fingerprint of a string (FNV-1a, 2 x 32 bits), to compare inputs without keeping them. */
function fnv1a(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x811c9dc5) >>> 0;
  }
  return `${text.length.toString(36)}-${a.toString(36)}-${b.toString(36)}`;
}
