import type { OnlineDetector } from './detector.js';

export interface EwmaZOptions {
  /** Smoothing of the mean and the spread; the effective memory is about 2/alpha points. */
  alpha?: number;
  /** Points before any score above 0 is emitted. */
  warmup?: number;
  /** Updates are winsorised to mean ± clip spreads so that one spike does not blow up the baseline. */
  clip?: number;
}

/**
 * Maps |z| to [0, 1) without saturating, so large deviations stay ranked: 3 sigma gives 0.5,
 * 6 sigma 0.8, 30 sigma 0.99.
 */
export function zToScore(z: number): number {
  if (!Number.isFinite(z)) return 0;
  const q = (z * z) / 9;
  return q / (1 + q);
}

/**
 * Robust EWMA z-score: exponentially weighted mean and mean absolute deviation (scaled to a
 * standard deviation), each point scored against the baseline before it, then folded in clipped.
 */
export class EwmaZDetector implements OnlineDetector {
  readonly name = 'ewma-z';
  private readonly alpha: number;
  private readonly warmup: number;
  private readonly clip: number;
  private n = 0;
  private mean = 0;
  private mad = 0;

  constructor(opts: EwmaZOptions = {}) {
    this.alpha = opts.alpha ?? 0.02;
    this.warmup = opts.warmup ?? 30;
    this.clip = opts.clip ?? 4;
  }

  update(_time: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    if (this.n === 0) {
      this.mean = value;
      this.mad = 0;
      this.n = 1;
      return 0;
    }
    const spread = Math.max(this.mad * 1.2533, 1e-9 * Math.max(1, Math.abs(this.mean)));
    const z = (value - this.mean) / spread;
    const score = this.n < this.warmup ? 0 : zToScore(z);
    const a = this.n < this.warmup ? Math.max(this.alpha, 1 / (this.n + 1)) : this.alpha;
    const clipped =
      this.n < this.warmup ? value : this.mean + Math.max(-this.clip, Math.min(this.clip, z)) * spread;
    const dev = Math.abs(clipped - this.mean);
    this.mean += a * (clipped - this.mean);
    this.mad += a * (dev - this.mad);
    this.n++;
    return score;
  }

  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.mad = 0;
  }
}
