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

/** Streams one series through a fresh detector: its score at every row. */
export function scoresOf(values: ArrayLike<number>, detector: OnlineDetector, times: ArrayLike<number>) {
  detector.reset();
  return Float64Array.from({ length: values.length }, (_, i) =>
    detector.update(times[i] as number, values[i] as number),
  );
}

/** When a series of alarm flags alarmed, relative to `end`. */
export function summariseAlarms(
  times: ArrayLike<number>,
  alarm: ArrayLike<boolean>,
  end: number,
): AlarmSummary {
  let first: number | undefined;
  let alarms = 0;
  let previous = false;
  const episodes: number[] = [];
  for (let i = 0; i < alarm.length; i++) {
    const t = times[i] as number;
    if (alarm[i]) {
      alarms++;
      first ??= t;
      if (!previous && episodes.length < 10) episodes.push(t);
    }
    previous = alarm[i] === true;
  }
  return {
    firstAlarm: first,
    hoursBeforeEnd: first === undefined ? undefined : (end - first) / 3_600_000,
    alarms,
    episodes,
  };
}

/** Streams one series through a fresh detector and summarises when it alarmed. */
export function alarmsOf(
  series: { times: ArrayLike<number>; values: ArrayLike<number> },
  detector: OnlineDetector,
  opts: { threshold: number; end: number },
): AlarmSummary {
  const scores = scoresOf(series.values, detector, series.times);
  return summariseAlarms(
    series.times,
    Array.from(scores, (s) => s >= opts.threshold),
    opts.end,
  );
}

/**
 * Alarm attribution across the channels of one machine sampled together (the four bearings on
 * one shaft): a defect's vibration reaches its neighbours' sensors too, so at each row only the
 * channel with the highest score among those at or above the threshold keeps its alarm (ties
 * keep all). A channel alarms on its own only when it is the strongest; two concurrent defects
 * of different strength are reported as one until the weaker becomes the stronger. Pure.
 */
export function attributeAlarms(scores: readonly ArrayLike<number>[], threshold: number): boolean[][] {
  const rows = Math.min(...scores.map((s) => s.length));
  const out = scores.map(() => new Array<boolean>(rows).fill(false));
  for (let i = 0; i < rows; i++) {
    let best = Number.NEGATIVE_INFINITY;
    for (const s of scores) best = Math.max(best, s[i] as number);
    if (best < threshold) continue;
    scores.forEach((s, c) => {
      if ((s[i] as number) === best) (out[c] as boolean[])[i] = true;
    });
  }
  return out;
}
