import { type Alert, type PredictedFailure, type Severity, severityRank } from '@pdm/shared';
import { dueDate, predictionConfidence } from './due-date.js';
import type { PlanningPolicy } from './policy.js';
import { computePriority } from './priority.js';

/** The fields of an open work order that correlation may change. */
export interface OpenOrderState {
  status: string;
  priority: number;
  severity: Severity;
  dueAt: number | null;
  predicted: PredictedFailure | null;
  alertCount: number;
  firstAlertAt: number;
  lastAlertAt: number;
  alertCleared: boolean;
}

export interface NewOrderPlan {
  kind: 'create';
  priority: number;
  severity: Severity;
  dueAt: number;
  predicted: PredictedFailure | null;
  autoApprove: boolean;
}

export interface JoinPlan {
  kind: 'join';
  next: OpenOrderState;
  /** Set when policy cancels a proposal whose alert cleared. */
  cancel: boolean;
}

export type CorrelationPlan = NewOrderPlan | JoinPlan | { kind: 'ignore'; reason: string };

export interface CorrelationInput {
  alert: Alert;
  open: OpenOrderState | null;
  criticality: number;
  policy: PlanningPolicy;
  now: number;
}

/** What one alert does to its asset and failure mode: open an order, join the open one, or nothing. */
export function correlate(input: CorrelationInput): CorrelationPlan {
  const { alert, open } = input;
  if (open) return joinPlan(input, open);
  if (alert.state === 'cleared') return { kind: 'ignore', reason: 'cleared alert with no open work order' };
  const predicted = alert.predictedFailureAt ?? null;
  const dueAt = dueDate({
    predicted,
    severity: alert.severity,
    observedAt: alert.observedAt,
    policy: input.policy,
  });
  return {
    kind: 'create',
    priority: computePriority({
      criticality: input.criticality,
      severity: alert.severity,
      dueAt,
      now: input.now,
    }),
    severity: alert.severity,
    dueAt,
    predicted,
    autoApprove: shouldAutoApprove(input),
  };
}

function joinPlan(input: CorrelationInput, open: OpenOrderState): JoinPlan {
  const { alert, policy } = input;
  const cleared = alert.state === 'cleared';
  const predicted = alert.predictedFailureAt ?? open.predicted;
  const severity =
    cleared || severityRank(open.severity) >= severityRank(alert.severity) ? open.severity : alert.severity;
  const alertDue = cleared
    ? null
    : dueDate({
        predicted: alert.predictedFailureAt ?? null,
        severity: alert.severity,
        observedAt: alert.observedAt,
        policy,
      });
  const dueAt = earliest(open.dueAt, alertDue);
  const alertPriority =
    dueAt === null
      ? open.priority
      : computePriority({ criticality: input.criticality, severity, dueAt, now: input.now });
  const proposed = open.status === 'proposed';
  return {
    kind: 'join',
    next: {
      status: open.status,
      priority: Math.min(open.priority, alertPriority),
      severity,
      dueAt,
      predicted,
      alertCount: open.alertCount + 1,
      firstAlertAt: Math.min(open.firstAlertAt, alert.observedAt),
      lastAlertAt: Math.max(open.lastAlertAt, alert.observedAt),
      alertCleared: proposed
        ? cleared || (open.alertCleared && alert.observedAt < open.lastAlertAt)
        : open.alertCleared,
    },
    cancel: cleared && proposed && policy.autoCancelOnClear,
  };
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Auto-approval: policy on, asset critical enough, and a prediction narrow enough to trust. */
export function shouldAutoApprove(input: CorrelationInput): boolean {
  const { policy, alert } = input;
  if (!policy.autoApprove.enabled || alert.state === 'cleared') return false;
  if (input.criticality < policy.autoApprove.minCriticality || !alert.predictedFailureAt) return false;
  return predictionConfidence(alert.predictedFailureAt, alert.observedAt) >= policy.autoApprove.minConfidence;
}
