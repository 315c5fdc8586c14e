import { parseTelemetryMessage, seededRandom } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { checkTelemetry } from '../src/domain/sample-check.js';

const TS = Date.UTC(2026, 0, 5);

const CASES: unknown[] = [
  { ts: TS, readings: { a: 1 } },
  { ts: TS, seq: 3, readings: { a: 1, 'b-2_x': -1e9 } },
  [
    { ts: TS, readings: { a: 1 } },
    { ts: TS + 1, readings: { b: 2 } },
  ],
  [],
  null,
  'text',
  42,
  { ts: TS },
  { readings: { a: 1 } },
  { ts: TS + 0.5, readings: { a: 1 } },
  { ts: 1, readings: { a: 1 } },
  { ts: TS, readings: {} },
  { ts: TS, readings: { a: '1' } },
  { ts: TS, readings: { 'bad key': 1 } },
  { ts: TS, readings: { a: 1 }, extra: true },
  { ts: TS, seq: -1, readings: { a: 1 } },
  { ts: TS, seq: 1.5, readings: { a: 1 } },
  { ts: TS, readings: [1, 2] },
  JSON.parse('{"ts":1767571200000,"readings":{"a":1e400}}'),
  JSON.parse('{"ts":1767571200000,"readings":{"__proto__":1}}'),
  JSON.parse('{"__proto__":{"x":1},"ts":1767571200000,"readings":{"a":1}}'),
  { ts: TS, readings: Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`s${i}`, i])) },
  [
    { ts: TS, readings: { a: 1 } },
    { ts: TS, readings: { a: Number.NaN } },
  ],
];

describe('telemetry validation fast path', () => {
  it.each(CASES.map((c, i) => [i, c]))('case %i agrees with the shared zod schema', (_i, value) => {
    const zod = parseTelemetryMessage(value);
    const ours = checkTelemetry(value);
    expect(ours.ok).toBe(zod.success);
    if (ours.ok && zod.success) expect(ours.samples).toEqual(zod.data);
    if (!ours.ok) expect(ours.reason.length).toBeGreaterThan(0);
  });

  it('agrees with zod on 2,000 random mutations', () => {
    const rnd = seededRandom(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const values = [TS, 0, -1, 1.5, 'x', null, Number.POSITIVE_INFINITY, 4_200_000_000_000, true, {}, [], 7];
    const keys = ['ts', 'seq', 'readings', 'a', 'x y', '__proto__', 'constructor'];
    for (let n = 0; n < 2_000; n++) {
      const o: Record<string, unknown> = { ts: TS, readings: { a: 1, b: 2 } };
      for (let m = Math.floor(rnd() * 3); m > 0; m--) {
        const key = pick(keys);
        const r = o.readings;
        if (rnd() < 0.5 || r === null || typeof r !== 'object') o[key] = pick(values);
        else (r as Record<string, unknown>)[key] = pick(values);
      }
      const value = rnd() < 0.2 ? [o, { ts: TS, readings: { c: 3 } }] : o;
      expect(checkTelemetry(value).ok, JSON.stringify(value)).toBe(parseTelemetryMessage(value).success);
    }
  });
});
