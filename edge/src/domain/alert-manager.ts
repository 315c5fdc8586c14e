import { type Alert, type AlertState, type Evidence, severityRank, type UlidFactory } from '@pdm/shared';
import type { SlotRecord, SourceRecord } from './alert-record.js';
import type { Signal } from './signal.js';

export interface AssetRef {
  siteId: string;
  assetId: string;
}

export interface AlertManagerOptions {
  gatewayId: string;
  /** After a clear, the same asset and failure mode stays quiet this long (event time). */
  cooldownMs: number;
  /** While open, a worsening score is re-sent at most this often (event time); 0 = severity changes only. */
  updateEveryMs: number;
  mintId: UlidFactory;
}

/** Evidence for the sensors named, over [since, now]. */
export type EvidenceSource = (since: number, sensors: readonly string[]) => Evidence;

interface OpenAlert {
  /** Id of the `open` event (set when it is built). */
  openId: string;
  openedAt: number;
  severity: Alert['severity'];
  lastSentAt: number;
  distance: number;
}

interface Slot {
  asset: AssetRef;
  failureMode: string;
  open: OpenAlert | undefined;
  active: Map<string, Signal>;
  cooldownUntil: number;
}

/** Something that watches a condition and can be told it was open before a restart. */
export interface Resumable {
  readonly id: string;
  resume?(): void;
}

/**
 * One open alert per asset and failure mode, fed by any number of rules and models. Opens when a
 * first source is active (outside the cool-down), sends an update when the severity escalates
 * (severity never drops while open), clears when the last active source clears.
 *
 * Its state survives a restart: `record()` gives what to store with each alert event, `restore()`
 * takes it back, and `resume()` tells each restored source's evaluator that its condition was open,
 * so the evaluator's own hysteresis decides between carrying on (no new `open`) and `cleared`.
 */
export class AlertManager {
  private readonly slots = new Map<string, Slot>();
  /** Restored sources whose evaluators have not been told yet: asset key -> (ruleId, sensor). */
  private readonly toResume = new Map<string, { ruleId: string; sensor: string }[]>();
  private opened = 0;
  private cleared = 0;

  constructor(private options: AlertManagerOptions) {}

  setTiming(timing: { cooldownMs: number; updateEveryMs: number }): void {
    this.options = { ...this.options, ...timing };
  }

  get counts(): { opened: number; cleared: number; open: number } {
    let open = 0;
    for (const s of this.slots.values()) if (s.open) open++;
    return { opened: this.opened, cleared: this.cleared, open };
  }

  observe(asset: AssetRef, signal: Signal, evidence: EvidenceSource): Alert | undefined {
    const slot = this.slotFor(asset, signal.failureMode);
    if (!signal.active) {
      slot.active.delete(signal.ruleId);
      if (!slot.open || slot.active.size > 0) return undefined;
      return this.clear(slot, signal, evidence(signal.since, signal.sensors));
    }
    slot.active.set(signal.ruleId, signal);
    const distance = Math.abs(signal.score - signal.threshold);
    if (!slot.open) {
      if (signal.time < slot.cooldownUntil) return undefined;
      slot.open = {
        openId: '',
        openedAt: signal.time,
        severity: signal.severity,
        lastSentAt: signal.time,
        distance,
      };
      this.opened++;
      const alert = this.build(slot, {
        state: 'open',
        signal,
        evidence: evidence(signal.since, signal.sensors),
      });
      slot.open.openId = alert.id;
      return alert;
    }
    const open = slot.open;
    const escalated = severityRank(signal.severity) > severityRank(open.severity);
    const due =
      this.options.updateEveryMs > 0 &&
      signal.time - open.lastSentAt >= this.options.updateEveryMs &&
      distance > open.distance;
    if (!escalated && !due) return undefined;
    if (escalated) open.severity = signal.severity;
    open.lastSentAt = signal.time;
    open.distance = Math.max(open.distance, distance);
    return this.build(slot, { state: 'update', signal, evidence: evidence(signal.since, signal.sensors) });
  }

  /** A rule or model was removed from the config: its conditions end; alerts it alone held clear. */
  dropSource(ruleId: string, time: number): Alert[] {
    const out: Alert[] = [];
    for (const slot of this.slots.values()) {
      const signal = slot.active.get(ruleId);
      if (!signal) continue;
      slot.active.delete(ruleId);
      if (slot.open && slot.active.size === 0) {
        const at = Math.max(time, slot.open.openedAt);
        const ended = { ...signal, time: at, message: `rule ${ruleId} was removed from the configuration` };
        out.push(this.clear(slot, ended, {}));
      }
    }
    return out;
  }

  /** The state to store with an alert event of this asset and failure mode (after `observe`). */
  record(asset: AssetRef, failureMode: string): SlotRecord | undefined {
    const slot = this.slots.get(slotKey(asset, failureMode));
    if (!slot) return undefined;
    const open = slot.open;
    return {
      siteId: slot.asset.siteId,
      assetId: slot.asset.assetId,
      failureMode: slot.failureMode,
      open: open
        ? {
            openId: open.openId,
            openedAt: open.openedAt,
            severity: open.severity,
            lastSentAt: open.lastSentAt,
            distance: open.distance,
            sources: [...slot.active.values()].map(sourceRecord),
          }
        : null,
      cooldownUntil: Number.isFinite(slot.cooldownUntil) ? slot.cooldownUntil : null,
    };
  }

  /** Take back stored state (at start, before any sample). Open alerts keep their sources active. */
  restore(records: readonly SlotRecord[]): void {
    for (const r of records) {
      const asset = { siteId: r.siteId, assetId: r.assetId };
      const slot = this.slotFor(asset, r.failureMode);
      slot.cooldownUntil = r.cooldownUntil ?? Number.NEGATIVE_INFINITY;
      if (!r.open) continue;
      const { sources, ...open } = r.open;
      slot.open = open;
      for (const src of sources) {
        slot.active.set(src.ruleId, { ...src, active: true });
        const key = assetKey(asset);
        const list = this.toResume.get(key) ?? [];
        for (const sensor of src.sensors) list.push({ ruleId: src.ruleId, sensor });
        this.toResume.set(key, list);
      }
    }
  }

  /** Restored open alerts' sources, for adapters (models) that resume conditions themselves. */
  restoredSources(): { asset: AssetRef; ruleId: string }[] {
    const out: { asset: AssetRef; ruleId: string }[] = [];
    for (const slot of this.slots.values()) {
      for (const ruleId of slot.active.keys()) out.push({ asset: slot.asset, ruleId });
    }
    return out;
  }

  /** A sensor of `asset` got its evaluators: tell those of restored open alerts that they were open. */
  resume(asset: AssetRef, sensor: string, evaluators: readonly Resumable[]): void {
    if (this.toResume.size === 0) return;
    const key = assetKey(asset);
    const list = this.toResume.get(key);
    if (!list) return;
    const rest = list.filter((p) => {
      if (p.sensor !== sensor) return true;
      for (const e of evaluators) if (e.id === p.ruleId) e.resume?.();
      return false;
    });
    if (rest.length > 0) this.toResume.set(key, rest);
    else this.toResume.delete(key);
  }

  private clear(slot: Slot, signal: Signal, evidence: Evidence): Alert {
    const alert = this.build(slot, { state: 'cleared', signal, evidence });
    slot.open = undefined;
    slot.cooldownUntil = signal.time + this.options.cooldownMs;
    this.cleared++;
    return alert;
  }

  private slotFor(asset: AssetRef, failureMode: string): Slot {
    const key = slotKey(asset, failureMode);
    let slot = this.slots.get(key);
    if (!slot) {
      slot = {
        asset,
        failureMode,
        open: undefined,
        active: new Map(),
        cooldownUntil: Number.NEGATIVE_INFINITY,
      };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private build(slot: Slot, e: { state: AlertState; signal: Signal; evidence: Evidence }): Alert {
    const open = slot.open as OpenAlert;
    const s = e.signal;
    const observedAt = Math.max(s.time, open.openedAt);
    return {
      id: this.options.mintId(observedAt),
      gatewayId: this.options.gatewayId,
      siteId: slot.asset.siteId,
      assetId: slot.asset.assetId,
      source: s.source,
      ruleOrModel: s.ruleId,
      version: s.version,
      failureMode: slot.failureMode,
      severity: open.severity,
      state: e.state,
      openedAt: open.openedAt,
      observedAt,
      score: s.score,
      threshold: s.threshold,
      ...(s.predictedFailureAt ? { predictedFailureAt: s.predictedFailureAt } : {}),
      ...(s.message ? { message: s.message.slice(0, 500) } : {}),
      evidence: s.evidence ? { ...e.evidence, ...s.evidence } : e.evidence,
    };
  }
}

function sourceRecord(s: Signal): SourceRecord {
  return {
    ruleId: s.ruleId,
    version: s.version,
    source: s.source,
    failureMode: s.failureMode,
    score: s.score,
    threshold: s.threshold,
    severity: s.severity,
    time: s.time,
    since: s.since,
    sensors: s.sensors.slice(0, 32),
  };
}

function assetKey(asset: AssetRef): string {
  return `${asset.siteId}/${asset.assetId}`;
}

function slotKey(asset: AssetRef, failureMode: string): string {
  return `${asset.siteId}/${asset.assetId}/${failureMode}`;
}
