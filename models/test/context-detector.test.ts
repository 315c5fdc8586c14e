import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNabCorpus } from '../src/datasets/nab.js';
import {
  binOf,
  ContextCounts,
  ContextDetector,
  createDetector,
  Refractory,
  SlidingRange,
} from '../src/detectors/index.js';
import { runDetector, scoreCorpus } from '../src/eval/nab/evaluate.js';

const NAB = join(process.env.PDM_DATASETS ?? join(import.meta.dirname, '../../../shared/datasets'), 'nab');

describe('binOf', () => {
  it('places values on equal-width levels with one level below and one above the range', () => {
    expect(binOf(0, 0, 10, 5)).toBe(0);
    expect(binOf(1.99, 0, 10, 5)).toBe(0);
    expect(binOf(2, 0, 10, 5)).toBe(1);
    expect(binOf(10, 0, 10, 5)).toBe(4);
    expect(binOf(-0.1, 0, 10, 5)).toBe(5);
    expect(binOf(10.1, 0, 10, 5)).toBe(6);
    expect(binOf(3, 3, 3, 5)).toBe(0);
    expect(binOf(4, 3, 3, 5)).toBe(6);
  });
});

describe('ContextCounts', () => {
  // Symbols 0 1 0 1 2, contexts of order 0 and 1 over an alphabet of 3.
  it('scores a new context by the Good-Turing weight of its order (hand-computed)', () => {
    const c = new ContextCounts(1, 3, 1);
    // Row 0: nothing seen yet, so every weight is 0.
    expect(c.observe([0], 1)).toBe(0);
    // Row 1: symbol 1 and context (0,1) are new, but every order-0 symbol so far was new (weight 0)
    // and no order-1 context was seen before (weight 0).
    expect(c.observe([0, 1], 2)).toBe(0);
    // Row 2: symbol 0 is known; context (1,0) is new but all order-1 contexts so far were new.
    expect(c.observe([1, 0], 2)).toBe(0);
    // Row 3: symbol 1 and context (0,1) are both known.
    expect(c.observe([0, 1], 2)).toBe(0);
    expect(c.weight(0)).toBe(1); // 4 symbols seen, none seen only once (0 twice, 1 twice)
    expect(c.weight(1)).toBeCloseTo(2 / 3, 12); // 3 contexts seen, one of them once: (1,0)
    // Row 4: symbol 2 is new (weight 1) and context (1,2) is new (weight 2/3): (1 + 2/3) / 2.
    expect(c.observe([1, 2], 2)).toBeCloseTo(5 / 6, 12);
    expect(c.count([0, 1], 2)).toBe(2);
    expect(c.count([1, 2], 2)).toBe(1);
    expect(c.count([2, 2], 2)).toBe(0);
  });

  it('raises the weights to the power', () => {
    const c = new ContextCounts(1, 3, 2);
    for (const h of [[0], [0, 1], [1, 0], [0, 1]]) c.observe(h, h.length);
    expect(c.observe([1, 2], 2)).toBeCloseTo((1 + 4 / 9) / 2, 12);
  });

  it('refuses an alphabet and order whose keys would not fit a double exactly', () => {
    expect(() => new ContextCounts(20, 7, 1)).toThrow(/overflow/);
  });
});

describe('Refractory', () => {
  it('damps the scores that follow an alarm for `rest` rows (hand-computed)', () => {
    const r = new Refractory(0.5, 2, 0.5);
    const out = [0.6, 0.9, 0.8, 0.7, 0.4, 0.6].map((s) => r.apply(s));
    expect(out).toEqual([0.6, 0.45, 0.4, 0.7, 0.2, 0.3]);
    r.reset();
    expect(r.apply(0.9)).toBe(0.9);
  });
});

describe('SlidingRange', () => {
  it('gives the minimum and maximum of the last `size` values', () => {
    const s = new SlidingRange(3);
    const seen = [5, 1, 4, 2, 6].map((x) => {
      s.push(x);
      return [s.min, s.max];
    });
    expect(seen).toEqual([
      [5, 5],
      [1, 5],
      [1, 5],
      [1, 4],
      [2, 6],
    ]);
    expect([s.first, s.at(2), s.at(4)]).toEqual([2, 4, 6]);
  });

  it('matches a brute-force window on a long pseudo-random series', () => {
    let state = 7;
    const s = new SlidingRange(17);
    const xs: number[] = [];
    for (let i = 0; i < 2000; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const x = Math.floor((state / 2147483648) * 50);
      xs.push(x);
      s.push(x);
      const win = xs.slice(-17);
      expect([s.min, s.max]).toEqual([Math.min(...win), Math.max(...win)]);
    }
  });
});

describe('ContextDetector', () => {
  /** A repeating 0, 0.25, 0.5, 0.75 pattern with one huge spike at row 20 and a rise to 1.5 at row 300. */
  const series = Array.from({ length: 400 }, (_, i) => (i === 20 ? 100 : i >= 300 ? 1.5 : (i % 4) * 0.25));

  it('forgets an old extreme once it leaves the window, so a later shift is novel again', () => {
    const windowed = new ContextDetector({ window: 100 });
    const forever = new ContextDetector({ window: 0 });
    const a = series.map((v, i) => windowed.update(i, v));
    const b = series.map((v, i) => forever.update(i, v));
    expect(windowed.rebuilds).toBeGreaterThan(0);
    // With the window, 1.5 is above the range of the last 100 values: every context is new.
    expect(a[300]).toBeGreaterThan(0.7);
    // Without it, the spike of 100 keeps the whole pattern and 1.5 on the lowest level.
    expect(b[300]).toBeLessThan(0.2);
    // The repeating pattern itself is familiar: quiet before the shift.
    expect(Math.max(...a.slice(200, 300))).toBeLessThan(0.2);
  });

  it('alarms once per event: the rows after an alarm are damped', () => {
    const d = new ContextDetector({ window: 100, rest: 10, damp: 0 });
    const out = series.map((v, i) => d.update(i, v));
    expect(out[300]).toBeGreaterThan(0.5);
    expect(Math.max(...out.slice(301, 311))).toBe(0);
  });

  it('names every bad option and why', () => {
    expect(() => new ContextDetector({ bins: 0, rest: -1 })).toThrow(/bins: .*; rest: /);
    expect(() => new ContextDetector({ window: 1.5 })).toThrow(/window/);
    expect(() => new ContextDetector({ speed: 1 } as never)).toThrow(/speed/);
  });
});

describe('createDetector with options', () => {
  it('builds a context detector from validated options and refuses options elsewhere', () => {
    const plain = createDetector('context');
    const coarse = createDetector('context', { bins: 2, window: 0 });
    const values = Array.from({ length: 300 }, (_, i) => (i % 5) + (i >= 250 ? 0.5 : 0));
    const a = values.map((v, i) => plain.update(i, v));
    const b = values.map((v, i) => coarse.update(i, v));
    expect(b).not.toEqual(a);
    expect(() => createDetector('context', { bins: 'five' })).toThrow(/bins/);
    expect(() => createDetector('surprise', {})).toThrow(/takes no options/);
  });
});

describe('context detector on real NAB series, scored with the NAB rules', () => {
  // Two files with raw published numenta output; each detector gets its best single threshold over
  // the pair (the most favourable choice for either), standard profile.
  const FILES = [
    'realAWSCloudwatch/rds_cpu_utilization_cc0c53.csv',
    'realKnownCause/ambient_temperature_system_failure.csv',
  ];

  it('scores above 75 where the previous default (surprise) stays below it', async () => {
    const corpus = (await loadNabCorpus(NAB)).filter((s) => FILES.includes(s.name));
    expect(corpus.map((s) => s.name).sort()).toEqual([...FILES].sort());
    const score = (name: string) =>
      scoreCorpus(
        corpus,
        corpus.map((s) => runDetector(s, createDetector(name))),
      ).standard.score;
    const context = score('context');
    const surprise = score('surprise');
    expect(context).toBeGreaterThan(75);
    expect(surprise).toBeLessThan(75);
  });
});
