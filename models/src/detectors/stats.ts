/** Exponentially weighted mean and variance; the first points are averaged plainly (alpha >= 1/n). */
export class EwmStats {
  mean = 0;
  variance = 0;
  count = 0;

  constructor(private readonly alpha: number) {}

  push(x: number): void {
    this.count++;
    if (this.count === 1) {
      this.mean = x;
      this.variance = 0;
      return;
    }
    const a = Math.max(this.alpha, 1 / this.count);
    const d = x - this.mean;
    this.mean += a * d;
    this.variance = (1 - a) * (this.variance + a * d * d);
  }

  get std(): number {
    return Math.sqrt(this.variance);
  }

  reset(): void {
    this.mean = this.variance = this.count = 0;
  }
}

/**
 * Distance from the latest subsequence of `length` values to its nearest neighbour among the last
 * `history` subsequences (trivial overlapping matches excluded), as an RMS difference.
 */
export class NearestSubsequence {
  private readonly recent: Float64Array;
  private readonly store: Float64Array;
  private seen = 0;
  private stored = 0;

  constructor(
    private readonly length: number,
    private readonly history: number,
  ) {
    this.recent = new Float64Array(length);
    this.store = new Float64Array(length * history);
  }

  /** Adds a value; returns the RMS distance, or NaN while there is nothing to compare with. */
  push(x: number): number {
    const L = this.length;
    this.recent.copyWithin(0, 1);
    this.recent[L - 1] = x;
    this.seen++;
    if (this.seen < L) return Number.NaN;
    const usable = Math.min(this.stored, this.history) - L;
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < usable; j++) {
      const slot = ((this.stored - 1 - L - j) % this.history) * L;
      let d = 0;
      for (let k = 0; k < L && d < best; k++) {
        const e = (this.recent[k] as number) - (this.store[slot + k] as number);
        d += e * e;
      }
      if (d < best) best = d;
    }
    this.store.set(this.recent, (this.stored % this.history) * L);
    this.stored++;
    return usable > 0 ? Math.sqrt(best / L) : Number.NaN;
  }

  reset(): void {
    this.seen = this.stored = 0;
    this.recent.fill(0);
  }
}
