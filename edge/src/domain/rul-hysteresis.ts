import type { Evidence, PredictedFailure } from '@pdm/shared';
import type { RulModelConfig } from '../config-schema.js';
import type { AssetRef } from './alert-manager.js';
import type { RulCycle } from './rul-window.js';
import { escalatedSeverity, type Signal } from './signal.js';

/** Remaining useful life in cycles (p10 is the pessimistic estimate). */
export interface RulEstimate {
  p10: number;
  p50: number;
  p90: number;
}

/** Predictions kept per asset for the evidence series `rul_p10`, `rul_p50`, `rul_p90`. */
const HISTORY = 60;

interface AssetRul {
  open: boolean;
  streak: number;
  history: { t: number; p10: number; p50: number; p90: number }[];
}

/**
 * RUL predictions to signals, per asset: opens after `consecutive` cycles with p10 below `horizon`,
 * clears once p10 is above `clearAbove`; severity escalates as p10 falls (`escalate[].at` in
 * cycles, reached at p10 <= at). Cycles become event time with `cycleDuration`, else the observed
 * interval between the asset's cycles.
 */
export class RulHysteresis {
  private readonly state = new Map<string, AssetRul>();

  constructor(private model: RulModelConfig & { version: string }) {}

  /** New thresholds (a reload); per-asset state is kept. */
  setModel(model: RulModelConfig & { version: string }): void {
    this.model = model;
  }

  /** The model's condition was open for this asset before a restart. */
  resume(asset: AssetRef): void {
    this.stateOf(asset).open = true;
  }

  observe(asset: AssetRef, at: { time: number; cycle: RulCycle; rul: RulEstimate }): Signal | undefined {
    const s = this.stateOf(asset);
    const { p10, p50, p90 } = at.rul;
    if (![p10, p50, p90].every(Number.isFinite)) return undefined;
    s.history.push({ t: at.time, p10, p50, p90 });
    if (s.history.length > HISTORY) s.history.shift();
    const m = this.model;
    if (!s.open) {
      s.streak = p10 < m.horizon ? s.streak + 1 : 0;
      if (s.streak < m.consecutive) return undefined;
      s.open = true;
    } else if (p10 > (m.clearAbove ?? m.horizon * 1.2)) {
      s.open = false;
      s.streak = 0;
      return this.signal(false, s, at);
    }
    return this.signal(true, s, at);
  }

  private signal(
    active: boolean,
    s: AssetRul,
    at: { time: number; cycle: RulCycle; rul: RulEstimate },
  ): Signal {
    const m = this.model;
    const { p10, p50, p90 } = at.rul;
    const cycleMs = m.cycleDuration ?? at.cycle.intervalMs;
    const predicted =
      Number.isFinite(cycleMs) && cycleMs > 0 ? failureAt(at.time, cycleMs, at.rul) : undefined;
    const evidence: Evidence = { ...at.cycle.evidence };
    evidence.rul_p10 = s.history.map((h) => [h.t, round1(h.p10)]);
    evidence.rul_p50 = s.history.map((h) => [h.t, round1(h.p50)]);
    evidence.rul_p90 = s.history.map((h) => [h.t, round1(h.p90)]);
    return {
      ruleId: m.id,
      version: m.version,
      source: 'rul',
      failureMode: m.failureMode,
      active,
      score: p10,
      threshold: m.horizon,
      severity: escalatedSeverity(m.severity, m.escalate, (step) => p10 <= step),
      time: at.time,
      since: at.cycle.since,
      sensors: [],
      message: `remaining life p10 ${round1(p10)}, p50 ${round1(p50)}, p90 ${round1(p90)} cycles at cycle ${at.cycle.cycle}`,
      ...(predicted ? { predictedFailureAt: predicted } : {}),
      evidence,
    };
  }

  private stateOf(asset: AssetRef): AssetRul {
    const key = `${asset.siteId}/${asset.assetId}`;
    let s = this.state.get(key);
    if (!s) {
      s = { open: false, streak: 0, history: [] };
      this.state.set(key, s);
    }
    return s;
  }
}

/** Cycles from `time` to event times; quantiles stay ordered (they are ordered in cycles). */
export function failureAt(time: number, cycleMs: number, rul: RulEstimate): PredictedFailure {
  return {
    p10: Math.round(time + rul.p10 * cycleMs),
    p50: Math.round(time + rul.p50 * cycleMs),
    p90: Math.round(time + rul.p90 * cycleMs),
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
