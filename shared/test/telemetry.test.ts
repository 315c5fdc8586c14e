import { describe, expect, it } from 'vitest';
import { parseTelemetryMessage, samplesOf, TelemetryMessageSchema } from '../src/index.js';

const TS = Date.UTC(2026, 0, 1);

describe('telemetry schema', () => {
  const accepted: [string, unknown][] = [
    ['one sample', { ts: TS, readings: { vib_rms: 2.1 } }],
    ['with seq', { ts: TS, seq: 7, readings: { vib_rms: 2.1, temp: 40 } }],
    [
      'a batch',
      [
        { ts: TS, readings: { a: 1 } },
        { ts: TS + 1000, readings: { a: 2 } },
      ],
    ],
    ['negative reading', { ts: TS, readings: { pressure: -0.5 } }],
  ];
  it.each(accepted)('accepts %s', (_name, payload) => {
    expect(TelemetryMessageSchema.safeParse(payload).success).toBe(true);
  });

  const rejected: [string, unknown, string][] = [
    ['missing ts', { readings: { a: 1 } }, 'ts'],
    ['ts in seconds', { ts: TS / 1000, readings: { a: 1 } }, 'ts'],
    ['fractional ts', { ts: TS + 0.5, readings: { a: 1 } }, 'ts'],
    ['far future ts', { ts: 5e12, readings: { a: 1 } }, 'ts'],
    ['string reading', { ts: TS, readings: { a: '1' } }, 'readings.a'],
    ['infinite reading', { ts: TS, readings: { a: Number.POSITIVE_INFINITY } }, 'readings.a'],
    ['NaN reading', { ts: TS, readings: { a: Number.NaN } }, 'readings.a'],
    ['no readings', { ts: TS, readings: {} }, 'readings'],
    ['bad sensor id', { ts: TS, readings: { 'a/b': 1 } }, 'readings'],
    ['unknown field', { ts: TS, readings: { a: 1 }, extra: true }, ''],
    ['negative seq', { ts: TS, seq: -1, readings: { a: 1 } }, 'seq'],
    ['empty batch', [], ''],
    ['null', null, ''],
  ];
  it.each(rejected)('rejects %s', (_name, payload, path) => {
    expect(TelemetryMessageSchema.safeParse(payload).success).toBe(false);
    const result = parseTelemetryMessage(payload);
    expect(result.success).toBe(false);
    if (path && !result.success) {
      const paths = JSON.stringify(result.error.issues.map((i) => i.path.join('.')));
      expect(paths).toContain(path);
    }
  });

  it('names the failing field inside a batch', () => {
    const result = parseTelemetryMessage([
      { ts: TS, readings: { a: 1 } },
      { ts: TS, readings: { a: 'x' } },
    ]);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.path).toEqual([1, 'readings', 'a']);
  });

  it('normalises single and batch messages to a list', () => {
    const one = TelemetryMessageSchema.parse({ ts: TS, readings: { a: 1 } });
    expect(samplesOf(one)).toHaveLength(1);
    const two = TelemetryMessageSchema.parse([one, one]);
    expect(samplesOf(two)).toHaveLength(2);
  });
});
