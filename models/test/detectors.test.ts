import { describe, expect, it } from 'vitest';
import { type OnlineDetector, DETECTORS as REGISTRY, zToScore } from '../src/index.js';

/** A deterministic noisy series (LCG) with a level shift at `shiftAt`. */
function series(n: number, shiftAt: number): number[] {
  let state = 12345;
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  return Array.from({ length: n }, (_, i) => 50 + rand() * 2 + (i >= shiftAt ? 15 : 0));
}

const DETECTORS: [string, () => OnlineDetector][] = Object.entries(REGISTRY).map(([name, make]) => [
  name,
  make,
]);

describe.each(DETECTORS)('online detector contract: %s', (_name, make) => {
  it('scores in [0, 1], quiet on noise, high at a level shift', () => {
    const d = make();
    const values = series(1200, 1000);
    const scores = values.map((v, i) => d.update(i * 60_000, v));
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
    const quiet = Math.max(...scores.slice(600, 1000));
    const atShift = Math.max(...scores.slice(1000, 1005));
    expect(atShift).toBeGreaterThan(0.5);
    expect(quiet).toBeLessThan(atShift);
  });
  it('is deterministic and reset restores the initial state', () => {
    const d = make();
    const values = series(300, 200);
    const first = values.map((v, i) => d.update(i, v));
    d.reset();
    const second = values.map((v, i) => d.update(i, v));
    expect(second).toEqual(first);
  });
  it('ignores non-finite values without corrupting its state', () => {
    const d = make();
    const values = series(200, 1000);
    for (const [i, v] of values.entries()) d.update(i, v);
    expect(d.update(200, Number.NaN)).toBe(0);
    expect(d.update(201, Number.POSITIVE_INFINITY)).toBe(0);
    expect(d.update(202, 50)).toBeLessThan(0.5);
  });
});

describe('z to score', () => {
  it('is 0.5 at three sigma and monotone', () => {
    expect(zToScore(3)).toBeCloseTo(0.5, 12);
    expect(zToScore(-6)).toBeCloseTo(0.8, 12);
    expect(zToScore(0)).toBe(0);
    expect(zToScore(Number.NaN)).toBe(0);
  });
});
