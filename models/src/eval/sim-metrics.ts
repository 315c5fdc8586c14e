import type { SimTruth } from '../datasets/sim.js';
import { quantile } from '../features/asset-windows.js';
import type { SimAlert } from './alerting.js';

export interface SimOutcome {
  failures: number;
  detectedBeforeFailure: number;
  shareDetected: number;
  leadHoursMedian: number;
  leadHoursP10: number;
  alerts: number;
  falseAlerts: number;
  /** False alerts raised while a sensor fault (drift, stuck, spike, dropout) was active on the asset. */
  falseDuringSensorFault: number;
  assetMonths: number;
  falsePerAssetMonth: number;
  duplicates: number;
}

const DAY = 86_400_000;

/** The machine fault developing on the alert's asset when it opened (onset to failure), if any. */
export function explainingFault(truth: SimTruth, a: SimAlert): SimTruth['faults'][number] | undefined {
  return truth.faults.find(
    (f) => f.assetId === a.assetId && a.openedAt >= f.onsetAt && a.openedAt <= f.failureAt,
  );
}

/** Scores alerts against the simulator's ground truth (EVALUATION.md §4). Pure. */
export function scoreSimAlerts(truth: SimTruth, alerts: readonly SimAlert[]): SimOutcome {
  const byAsset = new Map<string, SimAlert[]>();
  for (const a of alerts) byAsset.set(a.assetId, [...(byAsset.get(a.assetId) ?? []), a]);
  const leads: number[] = [];
  const failing = truth.faults.filter((f) => f.failsInRun);
  for (const f of failing) {
    const first = (byAsset.get(f.assetId) ?? []).find(
      (a) => a.openedAt >= f.onsetAt && a.openedAt < f.failureAt,
    );
    if (first) leads.push((f.failureAt - first.openedAt) / 3_600_000);
  }
  const explained = (a: SimAlert) => explainingFault(truth, a) !== undefined;
  const duringSensorFault = (a: SimAlert) =>
    truth.sensorFaults.some(
      (s) => s.assetId === a.assetId && a.openedAt >= s.startAt && a.openedAt <= s.endAt + DAY / 24,
    );
  const falseAlerts = alerts.filter((a) => !explained(a));
  const assetMonths = (truth.assets.length * (truth.endAt - truth.startAt)) / (30 * DAY);
  return {
    failures: failing.length,
    detectedBeforeFailure: leads.length,
    shareDetected: failing.length === 0 ? 0 : leads.length / failing.length,
    leadHoursMedian: quantile(leads, 0.5),
    leadHoursP10: quantile(leads, 0.1),
    alerts: alerts.length,
    falseAlerts: falseAlerts.length,
    falseDuringSensorFault: falseAlerts.filter(duringSensorFault).length,
    assetMonths,
    falsePerAssetMonth: falseAlerts.length / assetMonths,
    duplicates: countDuplicates(alerts),
  };
}

/** Alerts opened on an asset while another alert on it was still open. */
export function countDuplicates(alerts: readonly SimAlert[]): number {
  let dup = 0;
  for (const a of alerts) {
    dup += alerts.filter(
      (b) =>
        b !== a &&
        b.assetId === a.assetId &&
        b.openedAt <= a.openedAt &&
        (b.clearedAt ?? Infinity) > a.openedAt,
    ).length;
  }
  return dup;
}
