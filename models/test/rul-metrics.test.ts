import { describe, expect, it } from 'vitest';
import { intervalCoverage, nasaScore, rmse } from '../src/eval/rul-metrics.js';

describe('RUL metrics', () => {
  it('RMSE of hand-computed errors', () => {
    // errors 3, -4, 0 -> sqrt((9 + 16 + 0) / 3)
    expect(rmse([13, 6, 20], [10, 10, 20])).toBeCloseTo(Math.sqrt(25 / 3), 12);
    expect(rmse([5], [5])).toBe(0);
  });
  it('NASA score punishes late predictions more than early ones', () => {
    // d = +10 -> e^1 - 1 = 1.718281828; d = -13 -> e^1 - 1 as well; d = 0 -> 0
    expect(nasaScore([20], [10])).toBeCloseTo(Math.E - 1, 9);
    expect(nasaScore([0], [13])).toBeCloseTo(Math.E - 1, 9);
    expect(nasaScore([10, 20, 0], [10, 10, 13])).toBeCloseTo(2 * (Math.E - 1), 9);
    // same |d| = 10: late costs e^1 - 1, early costs e^(10/13) - 1 = 1.158
    expect(nasaScore([30], [20])).toBeGreaterThan(nasaScore([10], [20]));
    expect(nasaScore([10], [20])).toBeCloseTo(Math.exp(10 / 13) - 1, 9);
  });
  it('interval coverage counts truths inside [low, high]', () => {
    expect(intervalCoverage([0, 5, 10], [10, 6, 12], [10, 7, 10])).toBeCloseTo(2 / 3, 12);
  });
});
