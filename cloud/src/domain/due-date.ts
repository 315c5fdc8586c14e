import type { PredictedFailure, Severity } from '@pdm/shared';
import type { PlanningPolicy } from './policy.js';

/**
 * Due date: the pessimistic predicted failure (p10) minus the safety margin, never before the alert
 * was observed; without a prediction, a default offset from the alert by severity.
 */
export function dueDate(input: {
  predicted: PredictedFailure | null;
  severity: Severity;
  observedAt: number;
  policy: PlanningPolicy;
}): number {
  const { predicted, severity, observedAt, policy } = input;
  if (predicted) return Math.max(observedAt, predicted.p10 - policy.safetyMarginMs);
  return observedAt + policy.defaultDueBySeverity[severity];
}

/**
 * How sure a prediction is, in [0, 1]: 1 when the p10..p90 band is narrow compared with the time
 * left to the median failure, 0 when the band is as wide as that time or wider.
 */
export function predictionConfidence(predicted: PredictedFailure, observedAt: number): number {
  const horizon = predicted.p50 - observedAt;
  if (horizon <= 0) return 1;
  const spread = predicted.p90 - predicted.p10;
  return Math.min(1, Math.max(0, 1 - spread / horizon));
}
