import { describe, expect, it } from 'vitest';
import { bandEnergies, RunningMoments, TimeValueRing, windowFeatures } from '../src/index.js';

describe('window features', () => {
  it('match hand-computed values', () => {
    const f = windowFeatures([1, 2, 3, 4], [0, 1000, 2000, 3000]);
    expect(f.mean).toBe(2.5);
    expect(f.std).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(f.rms).toBeCloseTo(Math.sqrt(7.5), 12);
    expect(f.slope).toBeCloseTo(1, 12);
    expect(f.crest).toBeCloseTo(4 / Math.sqrt(7.5), 12);
    // kurtosis of 1..4: m4 = (2*1.5^4 + 2*0.5^4)/4 = 2.5625, m2 = 1.25 -> 1.64
    expect(f.kurtosis).toBeCloseTo(2.5625 / 1.5625, 12);
  });
  it('a flat window has zero std, kurtosis and slope', () => {
    const f = windowFeatures([5, 5, 5]);
    expect([f.std, f.kurtosis, f.slope]).toEqual([0, 0, 0]);
    expect(windowFeatures([]).count).toBe(0);
  });
  it('a spike raises kurtosis and crest factor', () => {
    const calm = windowFeatures(Array.from({ length: 100 }, (_, i) => Math.sin(i)));
    const spiky = windowFeatures(Array.from({ length: 100 }, (_, i) => (i === 50 ? 20 : Math.sin(i))));
    expect(spiky.kurtosis).toBeGreaterThan(calm.kurtosis * 5);
    expect(spiky.crest).toBeGreaterThan(calm.crest * 3);
  });
});

describe('running moments', () => {
  it('agree with the batch features over a sliding window, even at large offsets', () => {
    const values = Array.from({ length: 500 }, (_, i) => 1e6 + Math.sin(i / 3) + (i % 7) * 0.1);
    const times = values.map((_, i) => 1_700_000_000_000 + i * 1000);
    const m = new RunningMoments();
    const w = 60;
    for (let i = 0; i < values.length; i++) {
      m.add(values[i]!, times[i]! / 1000);
      if (i >= w) m.remove(values[i - w]!, times[i - w]! / 1000);
    }
    const batch = windowFeatures(values.slice(-w), times.slice(-w));
    expect(m.count).toBe(w);
    expect(m.mean()).toBeCloseTo(batch.mean, 6);
    expect(m.std()).toBeCloseTo(batch.std, 6);
    expect(m.kurtosis()).toBeCloseTo(batch.kurtosis, 4);
    expect(m.slope()).toBeCloseTo(batch.slope, 6);
  });
});

describe('band energies', () => {
  it('put a pure tone in its band and split the variance', () => {
    const n = 128;
    const tone = Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 16 * i) / n));
    const [low, high] = bandEnergies(tone, [
      [0, 0.5],
      [0.5, 1],
    ]);
    // 16 / 64 = 0.25 of Nyquist: all energy in the low band, equal to the variance 0.5
    expect(low).toBeCloseTo(0.5, 9);
    expect(high).toBeCloseTo(0, 9);
  });
});

describe('time-value ring', () => {
  it('evicts the oldest pair when full and keeps time order', () => {
    const r = new TimeValueRing(3);
    expect(r.push(1, 10)).toBeUndefined();
    r.push(2, 20);
    r.push(3, 30);
    expect(r.push(4, 40)).toEqual({ time: 1, value: 10 });
    expect(Array.from(r.toArrays().values)).toEqual([20, 30, 40]);
    expect(r.lastPoints(2)).toEqual([
      [3, 30],
      [4, 40],
    ]);
    expect(r.shift()).toEqual({ time: 2, value: 20 });
    expect([r.oldestTime(), r.newestTime(), r.length]).toEqual([3, 4, 2]);
  });
});
