import type { OnlineDetector } from './detector.js';
import { zToScore } from './ewma-z.js';

export interface BaselineOptions {
  /** Points that define the healthy baseline (median and MAD), after which it is frozen. */
  learn?: number;
  /** Smoothing of the monitored value (EWMA), so single noisy points do not alarm. */
  alpha?: number;
}

function median(sorted: readonly number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[m] as number) : ((sorted[m - 1] as number) + (sorted[m] as number)) / 2;
}

/**
 * Condition-monitoring detector: learns a healthy baseline from the first `learn` points (median and
 * MAD, robust to a few outliers), then freezes it and scores the smoothed value's robust z-score
 * against it. Suited to slow degradation (bearing wear, drift), which adaptive baselines absorb.
 * Scores map through zToScore: 0.5 at 3 robust sigmas, 0.8 at 6.
 */
export class BaselineDetector implements OnlineDetector {
  readonly name = 'baseline';
  private readonly learn: number;
  private readonly alpha: number;
  private learning: number[] = [];
  private centre = Number.NaN;
  private spread = Number.NaN;
  private smoothed = Number.NaN;

  constructor(opts: BaselineOptions = {}) {
    this.learn = opts.learn ?? 200;
    this.alpha = opts.alpha ?? 0.1;
  }

  update(_time: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    this.smoothed = Number.isNaN(this.smoothed)
      ? value
      : this.smoothed + this.alpha * (value - this.smoothed);
    if (Number.isNaN(this.centre)) {
      this.learning.push(value);
      if (this.learning.length >= this.learn) this.freeze();
      return 0;
    }
    return zToScore((this.smoothed - this.centre) / this.spread);
  }

  private freeze(): void {
    const sorted = [...this.learning].sort((a, b) => a - b);
    this.centre = median(sorted);
    const dev = sorted.map((v) => Math.abs(v - this.centre)).sort((a, b) => a - b);
    this.spread = Math.max(1.4826 * median(dev), 1e-9 * Math.max(1, Math.abs(this.centre)));
    this.learning = [];
  }

  reset(): void {
    this.learning = [];
    this.centre = this.spread = this.smoothed = Number.NaN;
  }
}
