import { describe, expect, it } from 'vitest';
import { clampWindow, padRange, pan, timeTicks, valueTicks, zoom } from '../../src/web/app/chart/scale.js';

const HOUR = 3_600_000;

describe('valueTicks', () => {
  it.each([
    [0, 10, 5, [0, 2, 4, 6, 8, 10]],
    [0.13, 0.87, 4, [0.2, 0.4, 0.6, 0.8]],
    [-3, 7, 2, [0, 5]],
  ])('ticks over [%d, %d] aiming for %d', (min, max, count, want) => {
    expect(valueTicks(min, max, count)).toEqual(want);
  });
  it('returns the value for a flat range and nothing for NaN', () => {
    expect(valueTicks(3, 3)).toEqual([3]);
    expect(valueTicks(Number.NaN, 1)).toEqual([]);
  });
});

describe('timeTicks', () => {
  it('picks the smallest listed step that keeps within the tick budget', () => {
    const from = Date.UTC(2026, 0, 1);
    const { step, ticks } = timeTicks(from, from + 30 * 24 * HOUR, 8);
    expect(step).toBe(7 * 24 * HOUR);
    expect(ticks.length).toBeLessThanOrEqual(8);
    for (const t of ticks) expect(t % step).toBe(0);
  });
});

describe('window arithmetic', () => {
  const win = { from: 0, to: 100 * HOUR };
  it('zooms around the pointer', () => {
    const z = zoom(win, 25 * HOUR, 0.5);
    expect(z.to - z.from).toBe(50 * HOUR);
    expect((25 * HOUR - z.from) / (z.to - z.from)).toBeCloseTo(0.25);
  });
  it('never zooms narrower than a minute', () => {
    expect(zoom({ from: 0, to: 60_000 }, 0, 0.1).to).toBe(60_000);
  });
  it('pans by a fraction of the span and clamps to the data', () => {
    expect(pan(win, 0.1)).toEqual({ from: 10 * HOUR, to: 110 * HOUR });
    expect(clampWindow(pan(win, 0.1), win)).toEqual(win);
    expect(clampWindow({ from: -5, to: 10 }, win)).toEqual({ from: 0, to: 15 });
  });
  it('pads ranges and gives a flat range some room', () => {
    expect(padRange(0, 100, 0.1)).toEqual([-10, 110]);
    expect(padRange(5, 5)).toEqual([4, 6]);
  });
});
