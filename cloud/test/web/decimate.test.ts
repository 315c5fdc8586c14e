import { describe, expect, it } from 'vitest';
import { decimate, extent, lowerBound, toSeries } from '../../src/web/app/chart/decimate.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 1);

/** A month of 1-minute samples: a slow sine with one spike in the middle. */
function month() {
  const n = 30 * 24 * 60;
  const points: [number, number][] = [];
  for (let i = 0; i < n; i++) points.push([T0 + i * MINUTE, Math.sin(i / 500) + (i === 21_600 ? 50 : 0)]);
  return points;
}

describe('decimate', () => {
  const series = toSeries(month());
  const whole = { from: T0, to: T0 + 30 * 24 * 60 * MINUTE, columns: 800 };

  it('draws a month of minutes as at most four points per pixel column', () => {
    const idx = decimate(series, whole);
    expect(series.ts.length).toBe(43_200);
    expect(idx.length).toBeLessThanOrEqual(4 * 802);
    expect(idx.length).toBeGreaterThan(800);
  });

  it('keeps indexes in time order without repeats', () => {
    const idx = decimate(series, whole);
    for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!);
  });

  it('keeps the extremes of every column, so a one-sample spike survives', () => {
    const idx = Array.from(decimate(series, whole));
    expect(idx).toContain(21_600);
    const drawn = idx.map((i) => series.values[i]!);
    const [min, max] = extent(series, whole.from, whole.to);
    expect(Math.max(...drawn)).toBe(max);
    expect(Math.min(...drawn)).toBe(min);
  });

  it('keeps the first and last sample of every column for an exact outline', () => {
    const columns = 100;
    const idx = new Set(decimate(series, { ...whole, columns }));
    const span = whole.to - whole.from;
    const firstOfColumn = new Map<number, number>();
    for (let i = 0; i < series.ts.length; i++) {
      const c = Math.floor(((series.ts[i]! - whole.from) / span) * columns);
      if (!firstOfColumn.has(c)) firstOfColumn.set(c, i);
    }
    for (const i of firstOfColumn.values()) expect(idx.has(i)).toBe(true);
  });

  it('returns every sample when there are fewer than the columns can show', () => {
    const idx = decimate(series, { from: T0, to: T0 + 99 * MINUTE, columns: 800 });
    expect(Array.from(idx)).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it('keeps one sample either side of a zoomed window so lines reach the edges', () => {
    const from = T0 + 1_000 * MINUTE + 30_000;
    const idx = decimate(series, { from, to: from + 10 * MINUTE, columns: 400 });
    expect(idx[0]).toBe(1_000);
    expect(idx[idx.length - 1]).toBe(1_011);
  });

  it('handles empty series and empty windows', () => {
    expect(decimate(toSeries([]), whole).length).toBe(0);
    expect(decimate(series, { from: T0 - 10 * MINUTE, to: T0 - 5 * MINUTE, columns: 10 }).length).toBe(1);
  });

  it('sorts unsorted input by time', () => {
    const s = toSeries([
      [3, 30],
      [1, 10],
      [2, 20],
    ]);
    expect(Array.from(s.ts)).toEqual([1, 2, 3]);
    expect(Array.from(s.values)).toEqual([10, 20, 30]);
  });

  it('is fast enough to redraw every frame', () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) decimate(series, whole);
    expect((performance.now() - started) / 20).toBeLessThan(8);
  });
});

describe('lowerBound and extent', () => {
  const s = toSeries([
    [10, 1],
    [20, 5],
    [30, -2],
  ]);
  it.each([
    [0, 0],
    [10, 0],
    [11, 1],
    [30, 2],
    [31, 3],
  ])('lowerBound(%d) = %d', (t, i) => expect(lowerBound(s.ts, t)).toBe(i));
  it('gives the value range inside a window', () => {
    expect(extent(s, 10, 30)).toEqual([-2, 5]);
    expect(extent(s, 15, 25)).toEqual([5, 5]);
    expect(extent(s, 40, 50).every(Number.isNaN)).toBe(true);
  });
});
