import type { Technician, TimeWindow } from './types.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A technician's shifts clipped to `[from, to)`, sorted, overlaps merged. */
export function clipShifts(shifts: readonly TimeWindow[], window: TimeWindow): TimeWindow[] {
  const clipped = shifts
    .map((s) => ({ start: Math.max(s.start, window.start), end: Math.min(s.end, window.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: TimeWindow[] = [];
  for (const s of clipped) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** Shift minutes per UTC day inside the window. */
function minutesByDay(shifts: readonly TimeWindow[]): Map<number, number> {
  const byDay = new Map<number, number>();
  for (const s of shifts) {
    let t = s.start;
    while (t < s.end) {
      const day = Math.floor(t / DAY);
      const end = Math.min(s.end, (day + 1) * DAY);
      byDay.set(day, (byDay.get(day) ?? 0) + (end - t) / MINUTE);
      t = end;
    }
  }
  return byDay;
}

/**
 * Working minutes a technician can still give inside the horizon: shift time per UTC day capped by
 * the daily capacity, minus minutes already committed.
 */
export function availableMinutes(tech: Technician, window: TimeWindow): number {
  let total = 0;
  for (const minutes of minutesByDay(clipShifts(tech.shifts, window)).values()) {
    total += Math.min(minutes, tech.dailyCapacityMin);
  }
  return Math.max(0, total - tech.committedMin);
}

/**
 * The earliest start at or after `readyAt` where a job of `jobMin` minutes fits inside one shift,
 * or null when no shift in the window can hold it. Shifts must already be clipped and merged.
 */
export function earliestFit(shifts: readonly TimeWindow[], readyAt: number, jobMin: number): number | null {
  const needMs = jobMin * MINUTE;
  for (const s of shifts) {
    const start = Math.max(s.start, readyAt);
    if (s.end - start >= needMs) return start;
  }
  return null;
}
