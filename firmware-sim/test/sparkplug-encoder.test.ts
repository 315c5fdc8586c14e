import type { TelemetrySample } from '@pdm/shared';
import type { UMetric } from 'sparkplug-payload/lib/sparkplugbpayload.js';
import { describe, expect, it } from 'vitest';
import { generateSamples } from '../src/index.js';
import { decodeSparkplug, encodeSparkplug } from '../src/publish/sparkplug.js';
import { encodeDeviceData, metricKeys, varintLength, writeVarint } from '../src/publish/sparkplug-encoder.js';
import { scenarioWith } from './helpers/series.js';

/** The same DDATA built the ordinary way, through sparkplug-payload. */
function reference(samples: TelemetrySample[], seq: number, aliases?: Record<string, number>): Uint8Array {
  const metrics = samples.flatMap((s) =>
    Object.entries(s.readings).map(
      ([name, value]): UMetric =>
        aliases?.[name] !== undefined
          ? { alias: aliases[name], type: 'Double', value, timestamp: s.ts }
          : { name, type: 'Double', value, timestamp: s.ts },
    ),
  );
  return encodeSparkplug({ timestamp: (samples.at(-1) as TelemetrySample).ts, metrics, seq });
}

const samples = [
  ...generateSamples(
    scenarioWith([{ id: 'pump-a', type: 'centrifugal_pump' }], { duration: '30m', sampleInterval: '10s' }),
  ),
].map((g) => g.sample);

describe('hand-written Sparkplug B DDATA encoder', () => {
  it('writes the same bytes as sparkplug-payload, metrics by name', () => {
    const sensors = Object.keys(samples[0]?.readings ?? {});
    for (const [from, to, seq] of [
      [0, 1, 0],
      [1, 17, 127],
      [17, 180, 255],
    ] as const) {
      const part = samples.slice(from, to);
      expect(Buffer.from(encodeDeviceData(part, metricKeys(sensors), seq))).toEqual(
        Buffer.from(reference(part, seq)),
      );
    }
  });

  it('writes the same bytes as sparkplug-payload, metrics by alias (large aliases too)', () => {
    const sensors = Object.keys(samples[0]?.readings ?? {});
    const aliasList = sensors.map((_, i) => [0, 1, 127, 128, 16_383, 16_384, 2 ** 32, 2 ** 40][i] ?? i);
    const aliases = Object.fromEntries(sensors.map((s, i) => [s, aliasList[i] as number]));
    const part = samples.slice(3, 40);
    expect(Buffer.from(encodeDeviceData(part, metricKeys(sensors, aliasList), 200))).toEqual(
      Buffer.from(reference(part, 200, aliases)),
    );
  });

  it('covers odd values and timestamps: zero, negative, tiny, huge, epoch 0, 2^53 - 1', () => {
    const odd: TelemetrySample[] = [
      { ts: 0, seq: 0, readings: { a: 0, b: -1.5, c: 1e-300 } },
      { ts: 1_767_225_600_000, seq: 1, readings: { a: 1.7976931348623157e308, c: 123456.789 } },
      { ts: Number.MAX_SAFE_INTEGER, seq: 2, readings: { b: 42, unnamed_sensor: 7 } },
    ];
    // `unnamed_sensor` has no key: it goes by name even among aliased metrics
    const keys = metricKeys(['a', 'b', 'c'], [5, 300, 70_000]);
    expect(Buffer.from(encodeDeviceData(odd, keys, 1))).toEqual(
      Buffer.from(reference(odd, 1, { a: 5, b: 300, c: 70_000 })),
    );
    const decoded = decodeSparkplug(encodeDeviceData(odd, metricKeys(['a', 'b', 'c']), 9));
    expect(decoded.metrics?.map((m) => [m.name, m.value, Number(m.timestamp)])).toEqual([
      ['a', 0, 0],
      ['b', -1.5, 0],
      ['c', 1e-300, 0],
      ['a', 1.7976931348623157e308, 1_767_225_600_000],
      ['c', 123456.789, 1_767_225_600_000],
      ['b', 42, Number.MAX_SAFE_INTEGER],
      ['unnamed_sensor', 7, Number.MAX_SAFE_INTEGER],
    ]);
  });

  it('grows its buffer for very large messages and remembers the last value per sensor', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ ts: i * 1000, seq: i, readings: { x: i / 3 } }));
    const last: Record<string, number> = {};
    const bytes = encodeDeviceData(many, metricKeys(['x']), 3, last);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(bytes.equals(reference(many, 3))).toBe(true);
    expect(last).toEqual({ x: 19_999 / 3 });
  });

  it('varints match the protobuf encoding at every byte boundary', () => {
    for (const n of [
      0,
      127,
      128,
      2 ** 14 - 1,
      2 ** 14,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32,
      2 ** 35,
      2 ** 53 - 1,
    ]) {
      const buf = Buffer.alloc(16);
      const end = writeVarint(buf, 0, n);
      expect(end, String(n)).toBe(varintLength(n));
      const viaLibrary = Buffer.from(encodeSparkplug({ seq: n })); // 0x18 then the varint
      expect(buf.subarray(0, end), String(n)).toEqual(viaLibrary.subarray(1));
    }
  });
});
