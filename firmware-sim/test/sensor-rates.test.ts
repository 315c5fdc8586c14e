import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSamples, groundTruthOf, type Scenario, sensorIdsOf } from '../src/index.js';
import { scenarioWith } from './helpers/series.js';

/** Readings per sensor of one asset, with their times. */
function timesBySensor(scenario: Scenario, assetId: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const g of generateSamples(scenario)) {
    if (g.assetId !== assetId) continue;
    for (const sensor of Object.keys(g.sample.readings))
      out.set(sensor, [...(out.get(sensor) ?? []), g.sample.ts]);
  }
  return out;
}

const mixed = () =>
  scenarioWith(
    [
      {
        id: 'pump-a',
        type: 'centrifugal_pump',
        sensorIntervals: { vib_rms: '1s', vib_kurtosis: '3s', bearing_temp: '1m' },
      },
      { id: 'fan-b', type: 'fan' },
    ],
    { duration: '10m', sampleInterval: '10s' },
  );

describe('sample rates per sensor', () => {
  it('each sensor reports at its own rate; the others at the asset rate; one sample per distinct instant', () => {
    const scenario = mixed();
    const start = scenario.start;
    const pump = timesBySensor(scenario, 'pump-a');
    const every = (ms: number, n: number) => Array.from({ length: n }, (_, k) => start + k * ms);
    expect(pump.get('vib_rms')).toEqual(every(1_000, 600));
    expect(pump.get('vib_kurtosis')).toEqual(every(3_000, 200));
    expect(pump.get('bearing_temp')).toEqual(every(60_000, 10));
    for (const sensor of ['vib_1x', 'vib_2x', 'discharge_pressure', 'flow', 'motor_current'])
      expect(pump.get(sensor), sensor).toEqual(every(10_000, 60));
    const samples = [...generateSamples(scenario)].filter((g) => g.assetId === 'pump-a');
    expect(samples).toHaveLength(600); // the 1 s sensor ticks at every instant any sensor does
    expect(samples.map((g) => g.sample.seq)).toEqual(samples.map((_, i) => i));
    expect(Object.keys(samples[30]?.sample.readings ?? {})).toEqual([
      'vib_rms',
      'vib_kurtosis',
      'vib_1x',
      'vib_2x',
      'discharge_pressure',
      'flow',
      'motor_current',
    ]);
    expect(Object.keys(samples[1]?.sample.readings ?? {})).toEqual(['vib_rms']);
    // an asset without per-sensor rates is untouched
    const fan = timesBySensor(scenario, 'fan-b');
    for (const sensor of sensorIdsOf('fan')) expect(fan.get(sensor), sensor).toEqual(every(10_000, 60));
  });

  it('a rate that is not a multiple of the asset rate: the union of both schedules', () => {
    const scenario = scenarioWith(
      [{ id: 'm', type: 'induction_motor', sampleInterval: '10s', sensorIntervals: { current: '4s' } }],
      { duration: '1m' },
    );
    const samples = [...generateSamples(scenario)];
    const offsets = samples.map((g) => (g.sample.ts - scenario.start) / 1000);
    expect(offsets).toEqual([0, 4, 8, 10, 12, 16, 20, 24, 28, 30, 32, 36, 40, 44, 48, 50, 52, 56]);
    expect(samples.filter((g) => 'current' in g.sample.readings)).toHaveLength(15);
    expect(samples.filter((g) => 'speed' in g.sample.readings)).toHaveLength(6);
  });

  it('same scenario, same bytes; per-sensor rates on one asset leave the others byte for byte', () => {
    const hash = (scenario: Scenario, assetId?: string) => {
      const h = createHash('sha256');
      for (const g of generateSamples(scenario))
        if (!assetId || g.assetId === assetId) h.update(JSON.stringify(g));
      return h.digest('hex');
    };
    expect(hash(mixed())).toBe(hash(mixed()));
    const plain = scenarioWith(
      [
        { id: 'pump-a', type: 'centrifugal_pump' },
        { id: 'fan-b', type: 'fan' },
      ],
      {
        duration: '10m',
        sampleInterval: '10s',
      },
    );
    expect(hash(mixed(), 'fan-b')).toBe(hash(plain, 'fan-b'));
    expect(hash(mixed(), 'pump-a')).not.toBe(hash(plain, 'pump-a'));
  });

  it("spikes of a sensor with its own rate fall on that sensor's ticks", () => {
    const scenario = scenarioWith(
      [
        {
          id: 'p',
          type: 'centrifugal_pump',
          sampleInterval: '1m',
          sensorIntervals: { vib_rms: '7s' },
          sensorFaults: [
            { sensor: 'vib_rms', kind: 'spike', at: '5m', duration: '20m', magnitude: 50, count: 4 },
          ],
        },
      ],
      { duration: '30m' },
    );
    const spikes = groundTruthOf(scenario).sensorFaults[0]?.spikeTimes ?? [];
    expect(spikes).toHaveLength(4);
    for (const t of spikes) expect((t - scenario.start) % 7_000).toBe(0);
    const seen = [...generateSamples(scenario)]
      .filter((g) => (g.sample.readings.vib_rms ?? 0) > 40)
      .map((g) => g.sample.ts);
    expect(seen).toEqual(spikes);
  });
});
