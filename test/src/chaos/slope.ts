// Least-squares slope of samples over time, for memory and descriptor growth in a soak.

export interface UsageSample {
  atMs: number;
  value: number;
}

/** Slope in value units per minute; 0 with fewer than two samples. */
export function slopePerMinute(samples: readonly UsageSample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.atMs, 0) / n;
  const my = samples.reduce((a, s) => a + s.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.atMs - mx) * (s.value - my);
    den += (s.atMs - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60_000;
}

/** The later half of a series (after warm-up). */
export function laterHalf<T>(samples: readonly T[]): T[] {
  return samples.slice(Math.floor(samples.length / 2));
}
