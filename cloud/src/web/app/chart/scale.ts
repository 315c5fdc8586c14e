/** Axis ticks and the visible-window arithmetic for charts. Pure, unit-tested in Node. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

/** Round value ticks (1, 2 or 5 times a power of ten) covering [min, max], about `count` of them. */
export function valueTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/** Time ticks at a step from a fixed list (1 min to 30 days), aligned to the step in UTC. */
export function timeTicks(from: number, to: number, maxTicks: number): { step: number; ticks: number[] } {
  const span = Math.max(1, to - from);
  const step = TIME_STEPS.find((s) => span / s <= Math.max(1, maxTicks)) ?? TIME_STEPS.at(-1)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return { step, ticks };
}

/** Pads a value range so lines do not touch the panel edges; a flat range gets a unit of room. */
export function padRange(min: number, max: number, fraction = 0.08): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) return [min - 1, max + 1];
  const pad = (max - min) * fraction;
  return [min - pad, max + pad];
}

export interface TimeWindow {
  from: number;
  to: number;
}

/** Zooms the window by `factor` (< 1 zooms in) around time `at`, never narrower than `minSpan`. */
export function zoom(win: TimeWindow, at: number, factor: number, minSpan = MINUTE): TimeWindow {
  const span = Math.max(minSpan, (win.to - win.from) * factor);
  const ratio = (at - win.from) / (win.to - win.from || 1);
  const from = at - span * ratio;
  return { from, to: from + span };
}

/** Moves the window by `fraction` of its span (negative moves back in time). */
export function pan(win: TimeWindow, fraction: number): TimeWindow {
  const shift = (win.to - win.from) * fraction;
  return { from: win.from + shift, to: win.to + shift };
}

/** Keeps a window inside the data bounds where it fits. */
export function clampWindow(win: TimeWindow, bounds: TimeWindow): TimeWindow {
  const span = Math.min(win.to - win.from, bounds.to - bounds.from);
  const from = Math.min(Math.max(win.from, bounds.from), bounds.to - span);
  return { from, to: from + span };
}

/** A label for a time tick: the date at day steps, the time of day otherwise. */
export function formatTick(t: number, step: number): string {
  const d = new Date(t);
  if (step >= DAY) return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}
