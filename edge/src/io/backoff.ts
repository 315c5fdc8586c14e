/** Exponential backoff with full jitter: a random delay in [min, min(max, min * 2^attempt)]. */
export function backoffDelay(
  attempt: number,
  range: { min: number; max: number },
  random: () => number,
): number {
  const ceiling = Math.min(range.max, range.min * 2 ** Math.min(attempt, 30));
  return Math.round(range.min + random() * Math.max(0, ceiling - range.min));
}
