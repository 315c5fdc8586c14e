import { describe, expect, it } from 'vitest';
import { generateSamples, groundTruthOf, loadScenario } from '../src/index.js';

const MIN = 60_000;

describe('quick-demo keeps the promises the demo and the end-to-end test rely on', () => {
  const scenario = loadScenario('quick-demo');
  const truth = groundTruthOf(scenario);
  const samples = [...generateSamples(scenario)];
  const vib = (assetId: string) =>
    samples
      .filter((g) => g.assetId === assetId)
      .map((g) => ({ ts: g.sample.ts, v: g.sample.readings.vib_rms }));

  it('one site with coordinates, four assets, a sample every 10 s each, fixed start', () => {
    expect(scenario.sites.map((s) => [s.id, s.location.lat, s.location.lon])).toEqual([
      ['plant-1', 51.4556, 7.0116],
    ]);
    expect(scenario.sites[0]?.assets.map((a) => [a.id, a.type])).toEqual([
      ['pump-01', 'centrifugal_pump'],
      ['pump-02', 'centrifugal_pump'],
      ['motor-01', 'induction_motor'],
      ['fan-01', 'fan'],
    ]);
    expect(scenario.start).toBe(Date.parse('2026-01-05T06:00:00Z'));
    for (const id of ['pump-01', 'motor-01', 'fan-01']) {
      const ts = vib(id).map((p) => p.ts);
      expect(
        ts.every((t, i) => i === 0 || t - (ts[i - 1] as number) === 10_000),
        id,
      ).toBe(true);
      expect(
        vib(id).every((p) => typeof p.v === 'number'),
        id,
      ).toBe(true);
    }
  });

  it('pump-02 bearing: ~2 mm/s healthy, then above 7.1 mm/s for at least 30 minutes before failure', () => {
    const fault = truth.faults.find((f) => f.assetId === 'pump-02');
    expect(fault).toMatchObject({ mode: 'bearing_wear', causesFailure: true, failsInRun: true });
    const { onsetAt, failureAt } = fault as NonNullable<typeof fault>;
    const pump = vib('pump-02');
    const healthy = pump.filter((p) => p.ts < onsetAt).map((p) => p.v as number);
    expect(Math.max(...healthy)).toBeLessThan(4.5);
    expect(healthy.reduce((a, b) => a + b, 0) / healthy.length).toBeCloseTo(2, 0);
    const lastBelow = pump.filter((p) => p.ts < failureAt && (p.v as number) <= 7.1).at(-1)?.ts as number;
    expect(failureAt - lastBelow).toBeGreaterThanOrEqual(30 * MIN);
    const crossing = pump.find((p) => (p.v as number) > 7.1)?.ts as number;
    const wallSeconds = (crossing - scenario.start) / scenario.speed / 1000;
    expect(wallSeconds).toBeGreaterThanOrEqual(20);
    expect(wallSeconds).toBeLessThanOrEqual(40);
    expect(scenario.duration / scenario.speed / 1000).toBeLessThanOrEqual(120);
  });

  it('healthy assets stay under 4.5 mm/s except isolated sensor spikes on motor-01', () => {
    for (const id of ['pump-01', 'fan-01'])
      expect(Math.max(...vib(id).map((p) => p.v as number)), id).toBeLessThan(4.5);
    const motor = vib('motor-01');
    const high = motor.filter((p) => (p.v as number) >= 4.5);
    const spikes = truth.sensorFaults.filter((s) => s.assetId === 'motor-01' && s.kind === 'spike');
    expect(spikes).toHaveLength(1);
    expect(high.map((p) => p.ts)).toEqual(spikes[0]?.spikeTimes);
    expect(high.length).toBeGreaterThanOrEqual(3);
    for (const p of high) {
      expect(p.v).toBeGreaterThan(10);
      expect(p.v).toBeLessThanOrEqual(12.5);
      // isolated: each spike is a single sample, its neighbours are normal
      const i = motor.indexOf(p);
      expect(motor[i - 1]?.v).toBeLessThan(4.5);
      expect(motor[i + 1]?.v).toBeLessThan(4.5);
    }
  });
});
