import { describe, expect, it } from 'vitest';
import { attributeAlarms, summariseAlarms } from '../src/eval/lead-time.js';

describe('alarm lead time and attribution', () => {
  it('summariseAlarms gives the first alarm, hours before the end and episodes', () => {
    const h = 3_600_000;
    const times = [0, 1, 2, 3, 4, 5].map((k) => k * h);
    const s = summariseAlarms(times, [false, true, true, false, true, false], 5 * h);
    expect(s).toEqual({ firstAlarm: h, hoursBeforeEnd: 4, alarms: 3, episodes: [h, 4 * h] });
    expect(
      summariseAlarms(
        times,
        times.map(() => false),
        5 * h,
      ).firstAlarm,
    ).toBeUndefined();
  });

  it('attributeAlarms keeps only the strongest channel in alarm at each row', () => {
    const failing = [0.1, 0.9, 0.95, 0.99, 0.5];
    const neighbour = [0.1, 0.85, 0.9, 0.6, 0.85];
    const quiet = [0.1, 0.2, 0.2, 0.2, 0.2];
    const [a, b, c] = attributeAlarms([failing, neighbour, quiet], 0.8);
    expect(a).toEqual([false, true, true, true, false]);
    // the neighbour alarms on its own only when it is the strongest (row 4)
    expect(b).toEqual([false, false, false, false, true]);
    expect(c).toEqual([false, false, false, false, false]);
  });

  it('attributeAlarms keeps every channel tied at the top', () => {
    expect(attributeAlarms([[0.9], [0.9], [0.1]], 0.8)).toEqual([[true], [true], [false]]);
  });
});
