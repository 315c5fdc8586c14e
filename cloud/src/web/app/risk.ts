/** Ranking of the planner's queue by risk. Pure, unit-tested in Node. */
import type { Severity, WorkOrder } from '@pdm/shared';

const HOUR = 3_600_000;
const SEVERITY_WEIGHT: Record<Severity, number> = { info: 0, warning: 1, major: 2, critical: 3 };
/** Used when the asset register does not know the asset (1 = run to failure .. 5 = critical). */
export const UNKNOWN_CRITICALITY = 3;

type Ranked = Pick<WorkOrder, 'priority' | 'severity' | 'dueAt' | 'predictedFailureAt'>;

/** The earliest time the order must be handled: pessimistic predicted failure, else due date. */
export function deadlineOf(o: Pick<WorkOrder, 'dueAt' | 'predictedFailureAt'>): number | null {
  const times = [o.predictedFailureAt?.p10, o.dueAt].filter((t): t is number => typeof t === 'number');
  return times.length > 0 ? Math.min(...times) : null;
}

/**
 * A risk score in [0, 100]: the order's priority at 40 %, how soon the machine is predicted to fail
 * at 35 % (a failure within hours counts almost fully, one a week out about a fifth), the asset's
 * criticality at 15 % and the alert severity at 10 %.
 */
export function riskScore(o: Ranked, now: number, criticality = UNKNOWN_CRITICALITY): number {
  const priority = (5 - o.priority) / 4;
  const deadline = deadlineOf(o);
  const hoursLeft = deadline === null ? Number.POSITIVE_INFINITY : (deadline - now) / HOUR;
  const urgency = hoursLeft <= 0 ? 1 : 1 / (1 + hoursLeft / 48);
  const critical = (Math.min(5, Math.max(1, criticality)) - 1) / 4;
  const severity = SEVERITY_WEIGHT[o.severity] / 3;
  return Math.round(100 * (0.4 * priority + 0.35 * urgency + 0.15 * critical + 0.1 * severity));
}

/** Orders sorted by risk (highest first), ties by earliest deadline, then by id. */
export function rankByRisk<T extends WorkOrder>(
  orders: readonly T[],
  now: number,
  criticalityOf: (assetId: string) => number | undefined = () => undefined,
): T[] {
  const keyed = orders.map((o) => ({
    o,
    risk: riskScore(o, now, criticalityOf(o.assetId)),
    deadline: deadlineOf(o) ?? Number.POSITIVE_INFINITY,
  }));
  keyed.sort((a, b) => b.risk - a.risk || a.deadline - b.deadline || (a.o.id < b.o.id ? -1 : 1));
  return keyed.map((k) => k.o);
}
