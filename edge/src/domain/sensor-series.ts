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
    // Same order of moment updates as push-evict-then-expire, without allocating the evicted pair.
    const ring = this.ring;
    const moments = this.moments;
    if (ring.length === ring.capacity) {
      moments.remove(ring.oldestValue() as number, ring.oldestTime() as number);
      ring.dropOldest();
    }
    ring.push(time, value);
    moments.add(value, time);
    const horizon = time - this.windowMs;
    while (ring.length > 0 && (ring.oldestTime() as number) < horizon) {
      moments.remove(ring.oldestValue() as number, ring.oldestTime() as number);
      ring.dropOldest();
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
