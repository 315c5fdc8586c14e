import { type Alert, type AlertState, type Evidence, severityRank, type UlidFactory } from '@pdm/shared';
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

/**
 * One open alert per asset and failure mode, fed by any number of rules and models. Opens when a
 * first source is active (outside the cool-down), sends an update when the severity escalates
 * (severity never drops while open), clears when the last active source clears.
 */
export class AlertManager {
  private readonly slots = new Map<string, Slot>();
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
      slot.open = { openedAt: signal.time, severity: signal.severity, lastSentAt: signal.time, distance };
      this.opened++;
      return this.build(slot, { state: 'open', signal, evidence: evidence(signal.since, signal.sensors) });
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
      evidence: e.evidence,
    };
  }
}

function slotKey(asset: AssetRef, failureMode: string): string {
  return `${asset.siteId}/${asset.assetId}/${failureMode}`;
}
