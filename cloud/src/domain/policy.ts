import { DAY, HOUR } from '@pdm/shared';

/** Knobs of the planning policy; every one has a safe default (automation off). */
export interface PlanningPolicy {
  /** Subtracted from the predicted failure p10 to give the due date. */
  safetyMarginMs: number;
  /** Due date offset from the alert when there is no prediction, by severity. */
  defaultDueBySeverity: Record<'info' | 'warning' | 'major' | 'critical', number>;
  autoApprove: {
    enabled: boolean;
    /** Asset criticality at or above which a prediction may be approved without a planner. */
    minCriticality: number;
    /** Confidence (see `predictionConfidence`) at or above which a prediction counts as sure. */
    minConfidence: number;
  };
  /** Cancel a proposal automatically when its alert clears before anyone approved it. */
  autoCancelOnClear: boolean;
  /** A proposal nobody reviewed for this long is escalated. */
  proposalSlaMs: number;
}

export const DEFAULT_POLICY: PlanningPolicy = {
  safetyMarginMs: 24 * HOUR,
  defaultDueBySeverity: { critical: 1 * DAY, major: 3 * DAY, warning: 7 * DAY, info: 30 * DAY },
  autoApprove: { enabled: false, minCriticality: 4, minConfidence: 0.8 },
  autoCancelOnClear: false,
  proposalSlaMs: 24 * HOUR,
};
