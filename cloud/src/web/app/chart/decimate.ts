/**
 * Decimation for drawing long series: per pixel column keep the first, smallest, largest and last
 * sample (in time order). A line through those points covers exactly the pixels the full series
 * would, so a month of 1-minute samples draws as at most four points per column.
 * Pure: no DOM, so it is unit-tested in Node.
 */

/** A series as two parallel arrays sorted by time. */
export interface Series {
  ts: Float64Array;
  values: Float64Array;
}

export function toSeries(points: readonly (readonly [number, number])[]): Series {
  const sorted = points.every((p, i) => i === 0 || points[i - 1]![0] <= p[0])
    ? points
    : [...points].sort((a, b) => a[0] - b[0]);
  const ts = new Float64Array(sorted.length);
  const values = new Float64Array(sorted.length);
  sorted.forEach(([t, v], i) => {
    ts[i] = t;
    values[i] = v;
  });
  return { ts, values };
}

/** Index of the first sample with ts >= t (ts.length when none). */
export function lowerBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first sample with ts > t (ts.length when none). */
export function upperBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface DecimateWindow {
  /** Visible time range, inclusive. */
  from: number;
  to: number;
  /** Number of pixel columns. */
  columns: number;
}

/**
 * Indexes of the samples to draw for the window, in time order. One sample either side of the
 * window is kept so the line runs to the edges.
 */
export function decimate(series: Series, win: DecimateWindow): Uint32Array {
  const { ts, values } = series;
  const columns = Math.max(1, Math.floor(win.columns));
  const start = Math.max(0, lowerBound(ts, win.from) - 1);
  const end = Math.min(ts.length, upperBound(ts, win.to) + 1);
  const count = end - start;
  if (count <= columns * 4) return range(start, end);
  const span = win.to - win.from || 1;
  const out = new Uint32Array((columns + 2) * 4);
  let n = 0;
  let i = start;
  while (i < end) {
    const column = columnOf(ts[i]!, win.from, span, columns);
    const first = i;
    let min = i;
    let max = i;
    let last = i;
    for (i++; i < end && columnOf(ts[i]!, win.from, span, columns) === column; i++) {
      if (values[i]! < values[min]!) min = i;
      if (values[i]! > values[max]!) max = i;
      last = i;
    }
    n = pushOrdered(out, n, [first, min, max, last]);
  }
  return out.slice(0, n);
}

function columnOf(t: number, from: number, span: number, columns: number): number {
  const c = Math.floor(((t - from) / span) * columns);
  return Math.min(Math.max(c, -1), columns);
}

/** Appends the indexes sorted and without repeats (the caller sized `out`). */
function pushOrdered(out: Uint32Array, n: number, indexes: number[]): number {
  indexes.sort((a, b) => a - b);
  let count = n;
  for (const index of indexes) {
    if (count > 0 && out[count - 1] === index) continue;
    if (count >= out.length) break;
    out[count++] = index;
  }
  return count;
}

function range(start: number, end: number): Uint32Array {
  const out = new Uint32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/** Smallest and largest value among the samples in the window (NaN, NaN when empty). */
export function extent(series: Series, from: number, to: number): [number, number] {
  const start = lowerBound(series.ts, from);
  const end = upperBound(series.ts, to);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const v = series.values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return start < end ? [min, max] : [Number.NaN, Number.NaN];
}
