import type { OnlineDetector } from './detector.js';
import { EwmStats, NearestSubsequence } from './stats.js';

export interface SurpriseOptions {
  /** Smoothing of the level and difference baselines. */
  alpha?: number;
  /** Rows before any score is emitted. */
  warmup?: number;
  /** Rows before records start being kept (earlier statistics are too unsettled). */
  recordStart?: number;
  /** Rows after a record during which scores are halved, so one event alarms once. */
  refractory?: number;
  /** Subsequence length and history (in subsequences) of the pattern feature; 0 disables it. */
  patternLength?: number;
  patternHistory?: number;
  /** The ratio to the record at which the score is 0.5 is 1 + 0; softness shapes the curve. */
  softness?: number;
  /**
   * A record counts at most this many times the feature's long-run mean deviation (0 = no cap), so
   * one huge early outlier does not hide every later event; a capped record is replaced by the cap.
   */
  recordCap?: number;
}

const DEFAULTS: Required<SurpriseOptions> = {
  alpha: 0.01,
  warmup: 500,
  recordStart: 300,
  refractory: 80,
  patternLength: 10,
  patternHistory: 1000,
  softness: 2,
  recordCap: 10,
};

/**
 * Scores how far each point goes beyond the most extreme behaviour seen so far. Four deviations
 * are measured against exponentially weighted baselines: the level, the step from the previous
 * point, a short-term mean shift, and the distance of the latest subsequence to its nearest past
 * neighbour. Each is divided by its own running record (capped at recordCap times its long-run mean); the largest ratio r maps to
 * r / (r + softness), so a new record scores above 1 / (1 + softness). Scale-free, so one threshold
 * serves series of any unit. O(patternLength x patternHistory) per point.
 */
export class SurpriseDetector implements OnlineDetector {
  readonly name = 'surprise';
  private readonly o: Required<SurpriseOptions>;
  private readonly level: EwmStats;
  private readonly step: EwmStats;
  private readonly fast = new EwmStats(0.2);
  private readonly pattern: NearestSubsequence | undefined;
  private records = [0, 0, 0, 0];
  private readonly typical = [0, 1, 2, 3].map(() => new EwmStats(0.002));
  private n = 0;
  private prev = 0;
  private quiet = 0;

  constructor(opts: SurpriseOptions = {}) {
    this.o = { ...DEFAULTS, ...opts };
    this.level = new EwmStats(this.o.alpha);
    this.step = new EwmStats(this.o.alpha);
    this.pattern =
      this.o.patternLength > 0
        ? new NearestSubsequence(this.o.patternLength, this.o.patternHistory)
        : undefined;
  }

  update(_time: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    const n = this.n++;
    const ratio = n === 0 ? 0 : this.score(this.deviations(value), n);
    if (n > 0) this.step.push(value - this.prev);
    this.level.push(value);
    this.fast.push(value);
    this.prev = value;
    let out = ratio / (ratio + this.o.softness);
    if (this.quiet > 0) {
      this.quiet--;
      out *= 0.5;
    }
    if (ratio > 1) this.quiet = this.o.refractory;
    return out;
  }

  private deviations(x: number): number[] {
    const eps = 1e-6 * (Math.abs(this.level.mean) + 1);
    const spread = this.level.std + eps;
    const shortMean = 0.8 * this.fast.mean + 0.2 * x;
    const pattern = this.pattern ? this.pattern.push(x) / spread : Number.NaN;
    return [
      Math.abs(x - this.level.mean) / spread,
      Math.abs(x - this.prev - this.step.mean) / (this.step.std + eps),
      Math.abs(shortMean - this.level.mean) / spread,
      pattern,
    ];
  }

  private score(devs: number[], n: number): number {
    let ratio = 0;
    devs.forEach((d, i) => {
      if (!Number.isFinite(d)) return;
      const typical = this.typical[i] as EwmStats;
      const stored = this.records[i] as number;
      const record =
        this.o.recordCap > 0 && typical.count > 0
          ? Math.min(stored, this.o.recordCap * typical.mean)
          : stored;
      typical.push(Math.min(d, 1e6));
      if (n >= this.o.warmup && record > 0) ratio = Math.max(ratio, d / record);
      // Keep the effective (capped) record: the cap lets an old extreme fade to the typical level.
      if (n >= this.o.recordStart) this.records[i] = Math.max(record, Math.min(d, 1e6));
    });
    return ratio;
  }

  reset(): void {
    this.level.reset();
    this.step.reset();
    this.fast.reset();
    this.pattern?.reset();
    this.records = [0, 0, 0, 0];
    for (const t of this.typical) t.reset();
    this.n = this.prev = this.quiet = 0;
  }
}
