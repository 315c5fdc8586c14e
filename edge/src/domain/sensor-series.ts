import { RunningMoments, TimeValueRing } from '@pdm/models/online';
import type { EvidencePoint } from '@pdm/shared';
import { MAX_EVIDENCE_POINTS } from '@pdm/shared';

export type SeriesFeature = 'value' | 'mean' | 'rms' | 'std' | 'kurtosis' | 'slope';

/**
 * One sensor of one asset: a ring of recent (time, value) points covering at most `windowMs` of
 * event time, and running moments over exactly those points (the shared feature code).
 */
export class SensorSeries {
  private readonly ring: TimeValueRing;
  private readonly moments = new RunningMoments();
  lastTime = Number.NEGATIVE_INFINITY;
  lastValue = Number.NaN;

  constructor(
    capacity: number,
    private readonly windowMs: number,
  ) {
    this.ring = new TimeValueRing(capacity);
  }

  get count(): number {
    return this.ring.length;
  }

  push(time: number, value: number): void {
    const evicted = this.ring.push(time, value);
    if (evicted) this.moments.remove(evicted.value, evicted.time);
    this.moments.add(value, time);
    const horizon = time - this.windowMs;
    let oldest = this.ring.oldestTime();
    while (oldest !== undefined && oldest < horizon) {
      const out = this.ring.shift();
      if (out) this.moments.remove(out.value, out.time);
      oldest = this.ring.oldestTime();
    }
    this.lastTime = time;
    this.lastValue = value;
  }

  /** A feature of the current window; `slope` is per second. */
  feature(name: SeriesFeature): number {
    switch (name) {
      case 'value':
        return this.lastValue;
      case 'mean':
        return this.moments.mean();
      case 'rms':
        return this.moments.rms();
      case 'std':
        return this.moments.std();
      case 'kurtosis':
        return this.moments.kurtosis();
      case 'slope':
        return this.moments.slope() * 1000;
    }
  }

  /** Points with time >= `since`, oldest first, thinned evenly to at most `max` points. */
  evidence(since: number, max = MAX_EVIDENCE_POINTS): EvidencePoint[] {
    const { times, values } = this.ring.toArrays();
    let start = 0;
    while (start < times.length && (times[start] as number) < since) start++;
    const n = times.length - start;
    const step = n > max ? n / max : 1;
    const out: EvidencePoint[] = [];
    for (let k = 0; k < Math.min(n, max); k++) {
      const i = start + Math.floor(k * step);
      out.push([times[i] as number, values[i] as number]);
    }
    return out;
  }

  /** Forget the window (after stale data); the last time is kept so older samples stay rejected. */
  clear(): void {
    this.ring.clear();
    this.moments.reset();
    this.lastValue = Number.NaN;
  }
}
