import type { OnlineDetector } from './detector.js';

export interface LikelihoodOptions {
  /** Raw scores averaged into the short-term value that is tested. */
  shortWindow?: number;
  /** Raw scores kept for the long-term distribution. */
  longWindow?: number;
  /** Rows before the likelihood is computed at all. */
  learning?: number;
}

/** Gaussian upper-tail probability Q(z) (Abramowitz-Stegun 26.2.17, error < 7.5e-8). */
export function upperTail(z: number): number {
  if (z < 0) return 1 - upperTail(-z);
  const t = 1 / (1 + 0.2316419 * z);
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
}

/**
 * How unusual the recent raw anomaly scores are against their own history: the short-term mean of
 * the raw scores is tested against the mean and spread of the long-term raw scores, and the tail
 * probability is put on a log scale (0.5 at a tail probability of 1e-5, 1 at 1e-10).
 */
export class AnomalyLikelihood {
  private readonly short: Float64Array;
  private readonly long: Float64Array;
  private n = 0;
  private shortSum = 0;
  private longSum = 0;
  private longSq = 0;

  constructor(private readonly opts: Required<LikelihoodOptions>) {
    this.short = new Float64Array(opts.shortWindow);
    this.long = new Float64Array(opts.longWindow);
  }

  update(raw: number): number {
    const s = this.n % this.short.length;
    const l = this.n % this.long.length;
    if (this.n >= this.short.length) this.shortSum -= this.short[s] as number;
    if (this.n >= this.long.length) {
      const old = this.long[l] as number;
      this.longSum -= old;
      this.longSq -= old * old;
    }
    this.short[s] = raw;
    this.long[l] = raw;
    this.shortSum += raw;
    this.longSum += raw;
    this.longSq += raw * raw;
    this.n++;
    if (this.n < this.opts.learning) return 0;
    const count = Math.min(this.n, this.long.length);
    const mean = this.longSum / count;
    const std = Math.sqrt(Math.max(this.longSq / count - mean * mean, 0)) + 1e-4;
    const shortMean = this.shortSum / Math.min(this.n, this.short.length);
    const tail = upperTail((shortMean - mean) / std);
    return Math.min(1, Math.log(1.0000000001 - (1 - tail)) / Math.log(1e-10));
  }

  reset(): void {
    this.n = 0;
    this.shortSum = this.longSum = this.longSq = 0;
    this.short.fill(0);
    this.long.fill(0);
  }
}

/** Wraps a raw-score detector so that its output is the anomaly likelihood of its raw scores. */
export class LikelihoodDetector implements OnlineDetector {
  readonly name: string;
  private readonly likelihood: AnomalyLikelihood;

  constructor(
    private readonly base: OnlineDetector,
    opts: LikelihoodOptions = {},
  ) {
    this.name = `${base.name}+likelihood`;
    this.likelihood = new AnomalyLikelihood({
      shortWindow: opts.shortWindow ?? 10,
      longWindow: opts.longWindow ?? 2000,
      learning: opts.learning ?? 300,
    });
  }

  update(time: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    return this.likelihood.update(this.base.update(time, value));
  }

  reset(): void {
    this.base.reset();
    this.likelihood.reset();
  }
}
