import type { AssetWindow } from '../features/asset-windows.js';
import type { CloseOutLabel } from './labels.js';

/**
 * The windows behind a labelled alert: those of its asset that end after `openedAt - lookbackMs`
 * (the run of high scores that opened it) and start before `observedAt` (or `openedAt` when it was
 * never seen again). Empty when the label carries no time. Pure.
 */
export function windowsBehind(
  label: Pick<CloseOutLabel, 'openedAt' | 'observedAt'>,
  windows: readonly AssetWindow[],
  o: { windowSeconds: number; lookbackMs: number },
): AssetWindow[] {
  if (label.openedAt === undefined) return [];
  const from = label.openedAt - o.lookbackMs;
  const to = Math.max(label.observedAt ?? label.openedAt, label.openedAt);
  return windows.filter((w) => w.start + o.windowSeconds * 1000 > from && w.start <= to);
}

/** True when `open` consecutive scores are at or above `threshold`: the alert would still open. */
export function wouldOpen(scores: readonly number[], threshold: number, open: number): boolean {
  let run = 0;
  for (const s of scores) {
    run = s >= threshold ? run + 1 : 0;
    if (run >= open) return true;
  }
  return false;
}

export interface LabelPrecision {
  alerts: number;
  confirmed: number;
  precision: number;
}

/** Precision over labelled alerts, counting only those `kept` (all of them when omitted). Pure. */
export function labelPrecision(
  labels: readonly Pick<CloseOutLabel, 'confirmed'>[],
  kept?: readonly boolean[],
): LabelPrecision {
  const alerts = labels.filter((_, i) => kept?.[i] ?? true);
  const confirmed = alerts.filter((l) => l.confirmed).length;
  return { alerts: alerts.length, confirmed, precision: alerts.length ? confirmed / alerts.length : 0 };
}
