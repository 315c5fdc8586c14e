import type { OnlineDetector } from '../detectors/detector.js';

export interface AlarmSummary {
  /** Time (ms) of the first score at or above the threshold, if any. */
  firstAlarm: number | undefined;
  /** Hours from the first alarm to `end`. */
  hoursBeforeEnd: number | undefined;
  alarms: number;
  /** Times of the first alarm of each run of consecutive alarms, at most 10. */
  episodes: number[];
}

/** Streams one series through a fresh detector and summarises when it alarmed. */
export function alarmsOf(
  series: { times: ArrayLike<number>; values: ArrayLike<number> },
  detector: OnlineDetector,
  opts: { threshold: number; end: number },
): AlarmSummary {
  detector.reset();
  let first: number | undefined;
  let alarms = 0;
  let previous = false;
  const episodes: number[] = [];
  for (let i = 0; i < series.values.length; i++) {
    const t = series.times[i] as number;
    const alarm = detector.update(t, series.values[i] as number) >= opts.threshold;
    if (alarm) {
      alarms++;
      first ??= t;
      if (!previous && episodes.length < 10) episodes.push(t);
    }
    previous = alarm;
  }
  return {
    firstAlarm: first,
    hoursBeforeEnd: first === undefined ? undefined : (opts.end - first) / 3_600_000,
    alarms,
    episodes,
  };
}
