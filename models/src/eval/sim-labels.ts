import type { SimTruth } from '../datasets/sim.js';
import type { CloseOutLabel } from '../feedback/labels.js';
import type { SimAlert } from './alerting.js';
import { explainingFault } from './sim-metrics.js';

/**
 * The close-out a technician would record for each alert of a simulated run, from the simulator's
 * ground truth: confirmed when a machine fault was developing on the asset when the alert opened,
 * a false alarm (`no_fault_found`) otherwise. Closed when the alert cleared, or at the end of the run.
 * Pure.
 */
export function simCloseOutLabels(
  truth: SimTruth,
  alerts: readonly SimAlert[],
  modelOf: (assetId: string) => { name: string; version: string } | undefined,
): CloseOutLabel[] {
  return alerts.flatMap((a) => {
    const model = modelOf(a.assetId);
    if (!model) return [];
    const fault = explainingFault(truth, a);
    const closed = a.clearedAt ?? truth.endAt;
    return [
      {
        alertId: `${a.assetId}-${a.openedAt}`,
        ruleOrModel: model.name,
        version: model.version,
        assetId: a.assetId,
        failureMode: fault?.mode ?? 'no_fault_found',
        confirmed: fault !== undefined,
        closedAt: new Date(closed).toISOString(),
        openedAt: a.openedAt,
        observedAt: closed,
      },
    ];
  });
}
