/** Ranking of the planner's queue by risk. Pure, unit-tested in Node. */
import type { Severity, WorkOrder } from '@pdm/shared';

const HOUR = 3_600_000;
const SEVERITY_WEIGHT: Record<Severity, number> = { info: 0, warning: 1, major: 2, critical: 3 };

/** The earliest time the order must be handled: pessimistic predicted failure, else due date. */
export function deadlineOf(o: Pick<WorkOrder, 'dueAt' | 'predictedFailureAt'>): number | null {
  const times = [o.predictedFailureAt?.p10, o.dueAt].filter((t): t is number => typeof t === 'number');
  return times.length > 0 ? Math.min(...times) : null;
}

/**
 * A risk score in [0, 100] blending priority (which already weighs asset criticality) at 50 %, how
 * soon the machine is predicted to fail at 35 % (a failure within hours counts almost fully) and the
 * alert severity at 15 %.
 */
export function riskScore(
  o: Pick<WorkOrder, 'priority' | 'severity' | 'dueAt' | 'predictedFailureAt'>,
  now: number,
) {
  const priority = (5 - o.priority) / 4;
  const deadline = deadlineOf(o);
  const hoursLeft = deadline === null ? Number.POSITIVE_INFINITY : (deadline - now) / HOUR;
  const urgency = hoursLeft <= 0 ? 1 : 1 / (1 + hoursLeft / 48);
  const severity = SEVERITY_WEIGHT[o.severity] / 3;
  return Math.round(100 * (0.5 * priority + 0.35 * urgency + 0.15 * severity));
}

/** Orders sorted by risk (highest first), ties by earliest deadline, then by id. */
export function rankByRisk<T extends WorkOrder>(orders: readonly T[], now: number): T[] {
  const keyed = orders.map((o) => ({ o, risk: riskScore(o, now), deadline: deadlineOf(o) ?? Infinity }));
  keyed.sort((a, b) => b.risk - a.risk || a.deadline - b.deadline || (a.o.id < b.o.id ? -1 : 1));
  return keyed.map((k) => k.o);
}
