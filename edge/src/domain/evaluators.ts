import { type OnlineDetector, RunningMoments, TimeValueRing } from '@pdm/models/online';
import type { DetectorConfig, LevelRule, RateRule } from '../config-schema.js';
import type { SensorSeries } from './sensor-series.js';
import { escalatedSeverity, type Signal } from './signal.js';

/** Sees every accepted sample of one sensor of one asset; says when its condition is active. */
export interface SampleEvaluator {
  readonly id: string;
  /** A signal while active and on every change of state; undefined while quietly inactive. */
  onSample(series: SensorSeries, windowStart: number): Signal | undefined;
  /**
   * Forget the history behind a pending condition (stale data, gaps). An open condition stays open
   * until fresh samples clear it, so stale data neither raises nor clears an alert.
   */
  reset(): void;
  /** The condition was open before a restart: carry on as open, so fresh samples keep or clear it. */
  resume(): void;
}

/** Threshold with hysteresis, optionally sustained for a duration of event time. */
export class LevelEvaluator implements SampleEvaluator {
  private open = false;
  private pendingSince = Number.NaN;
  readonly id: string;

  constructor(private readonly rule: LevelRule) {
    this.id = rule.id;
  }

  onSample(series: SensorSeries, windowStart: number): Signal | undefined {
    const v = series.feature(this.rule.feature);
    if (!Number.isFinite(v)) return undefined;
    const t = series.lastTime;
    const r = this.rule;
    const isAbove = r.above !== undefined;
    const level = (isAbove ? r.above : r.below) as number;
    if (!this.open) {
      const crossed = isAbove ? v > level : v < level;
      if (!crossed) {
        this.pendingSince = Number.NaN;
        return undefined;
      }
      if (Number.isNaN(this.pendingSince)) this.pendingSince = t;
      if (t - this.pendingSince < r.for) return undefined;
      this.open = true;
    } else {
      const clearLevel = isAbove ? (r.clearBelow ?? level) : (r.clearAbove ?? level);
      const cleared = isAbove ? v < clearLevel : v > clearLevel;
      if (cleared) {
        this.open = false;
        this.pendingSince = Number.NaN;
        return this.signal({ active: false, v, t, since: windowStart });
      }
    }
    const since = r.for > 0 ? this.pendingSince : windowStart;
    return this.signal({ active: true, v, t, since });
  }

  reset(): void {
    this.pendingSince = Number.NaN;
  }

  resume(): void {
    this.open = true;
  }

  private signal(s: { active: boolean; v: number; t: number; since: number }): Signal {
    const r = this.rule;
    const isAbove = r.above !== undefined;
    const severity = escalatedSeverity(r.severity, r.escalate, (at) => (isAbove ? s.v >= at : s.v <= at));
    return {
      ruleId: r.id,
      version: r.version,
      source: 'rule',
      failureMode: r.failureMode,
      active: s.active,
      score: s.v,
      threshold: (isAbove ? r.above : r.below) as number,
      severity,
      time: s.t,
      since: s.since,
      sensors: [r.sensor],
      ...(r.message ? { message: r.message } : {}),
    };
  }
}

/** Rate of change: least-squares slope over its own window, per minute; clears at half the limit. */
export class RateEvaluator implements SampleEvaluator {
  private readonly ring: TimeValueRing;
  private readonly moments = new RunningMoments();
  private open = false;
  readonly id: string;

  constructor(
    private readonly rule: RateRule,
    capacity: number,
  ) {
    this.id = rule.id;
    this.ring = new TimeValueRing(capacity);
  }

  onSample(series: SensorSeries): Signal | undefined {
    const t = series.lastTime;
    const v = series.lastValue;
    const ring = this.ring;
    if (ring.length === ring.capacity) {
      this.moments.remove(ring.oldestValue() as number, ring.oldestTime() as number);
      ring.dropOldest();
    }
    ring.push(t, v);
    this.moments.add(v, t);
    const horizon = t - this.rule.window;
    while (ring.length > 0 && (ring.oldestTime() as number) < horizon) {
      this.moments.remove(ring.oldestValue() as number, ring.oldestTime() as number);
      ring.dropOldest();
    }
    if (this.moments.count < this.rule.minPoints) return undefined;
    const perMinute = this.moments.slope() * 60_000;
    const rise = this.rule.risePerMinute;
    const fall = this.rule.fallPerMinute;
    const ratio = Math.max(rise ? perMinute / rise : 0, fall ? -perMinute / fall : 0);
    if (!Number.isFinite(ratio)) return undefined;
    const since = this.ring.oldestTime() ?? t;
    if (!this.open && ratio < 1) return undefined;
    if (this.open && ratio < 0.5) {
      this.open = false;
      return this.signal({ active: false, perMinute, t, since });
    }
    this.open = true;
    return this.signal({ active: true, perMinute, t, since });
  }

  reset(): void {
    this.ring.clear();
    this.moments.reset();
  }

  resume(): void {
    this.open = true;
  }

  private signal(s: { active: boolean; perMinute: number; t: number; since: number }): Signal {
    const r = this.rule;
    const limit =
      s.perMinute >= 0 ? (r.risePerMinute ?? r.fallPerMinute) : (r.fallPerMinute ?? r.risePerMinute);
    const magnitude = Math.abs(s.perMinute);
    return {
      ruleId: r.id,
      version: r.version,
      source: 'rule',
      failureMode: r.failureMode,
      active: s.active,
      score: s.perMinute,
      threshold: (s.perMinute >= 0 ? 1 : -1) * (limit as number),
      severity: escalatedSeverity(r.severity, r.escalate, (at) => magnitude >= at),
      time: s.t,
      since: s.since,
      sensors: [r.sensor],
      ...(r.message ? { message: r.message } : {}),
    };
  }
}

/** An online statistical detector: active after `consecutive` scores >= openScore, clears below clearScore. */
export class DetectorEvaluator implements SampleEvaluator {
  private seen = 0;
  private streak = 0;
  private open = false;
  readonly id: string;

  constructor(
    private readonly def: DetectorConfig,
    private readonly sensor: string,
    private readonly detector: OnlineDetector,
  ) {
    this.id = def.id;
  }

  onSample(series: SensorSeries, windowStart: number): Signal | undefined {
    const t = series.lastTime;
    const score = this.detector.update(t, series.lastValue);
    this.seen++;
    if (!Number.isFinite(score) || this.seen < this.def.minPoints) return undefined;
    if (!this.open) {
      if (score < this.def.openScore) {
        this.streak = 0;
        return undefined;
      }
      this.streak++;
      if (this.streak < this.def.consecutive) return undefined;
      this.open = true;
    } else if (score < this.def.clearScore) {
      this.open = false;
      this.streak = 0;
      return this.signal(false, score, { t, since: windowStart });
    }
    return this.signal(true, score, { t, since: windowStart });
  }

  reset(): void {
    this.detector.reset();
    this.seen = 0;
    this.streak = 0;
  }

  resume(): void {
    this.open = true;
  }

  private signal(active: boolean, score: number, at: { t: number; since: number }): Signal {
    const d = this.def;
    return {
      ruleId: d.id,
      version: d.version,
      source: 'anomaly',
      failureMode: d.failureMode,
      active,
      score,
      threshold: d.openScore,
      severity: escalatedSeverity(d.severity, d.escalate, (at) => score >= at),
      time: at.t,
      since: at.since,
      sensors: [this.sensor],
    };
  }
}
