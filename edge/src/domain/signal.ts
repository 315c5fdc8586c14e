import type { AlertSource, Evidence, PredictedFailure, Severity } from '@pdm/shared';
import { severityRank } from '@pdm/shared';

/** What an evaluator tells the alert manager about one asset, failure mode and rule or model. */
export interface Signal {
  ruleId: string;
  version: string;
  source: AlertSource;
  failureMode: string;
  active: boolean;
  score: number;
  threshold: number;
  severity: Severity;
  /** Event time of the sample that produced this signal. */
  time: number;
  /** Start of the window that fired: evidence covers [since, time]. */
  since: number;
  sensors: readonly string[];
  message?: string;
  predictedFailureAt?: PredictedFailure;
  /** Evidence the source brings itself (e.g. a RUL model's window and predictions), added to the sensors'. */
  evidence?: Evidence;
}

export interface Escalation {
  at: number;
  severity: Severity;
}

/** The base severity, raised by every escalation step the score has reached. */
export function escalatedSeverity(
  base: Severity,
  steps: readonly Escalation[],
  reached: (at: number) => boolean,
): Severity {
  let out = base;
  for (const step of steps) {
    if (reached(step.at) && severityRank(step.severity) > severityRank(out)) out = step.severity;
  }
  return out;
}
