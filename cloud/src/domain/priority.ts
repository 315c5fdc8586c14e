import { DAY, type Severity, severityRank } from '@pdm/shared';

export const MIN_CRITICALITY = 1;
export const MAX_CRITICALITY = 5;

/** Urgency in [0, 1] from the time left until the due date. */
export function urgency(dueAt: number, now: number): number {
  const left = dueAt - now;
  if (left <= 1 * DAY) return 1;
  if (left <= 3 * DAY) return 0.66;
  if (left <= 7 * DAY) return 0.33;
  return 0;
}

/**
 * Priority 1 (most urgent) .. 5 from asset criticality (40%), alert severity (30%) and the time
 * left until the due date (30%).
 */
export function computePriority(input: {
  criticality: number;
  severity: Severity;
  dueAt: number;
  now: number;
}): number {
  const crit = clamp(input.criticality, MIN_CRITICALITY, MAX_CRITICALITY);
  const score =
    0.4 * ((crit - MIN_CRITICALITY) / (MAX_CRITICALITY - MIN_CRITICALITY)) +
    0.3 * (severityRank(input.severity) / 3) +
    0.3 * urgency(input.dueAt, input.now);
  return 5 - Math.min(4, Math.floor(score * 5));
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}
