import { describe, expect, it } from 'vitest';
import type { AssetType, FailureMode } from '../src/index.js';
import {
  failureOf,
  instabilityOf,
  meanOf,
  type Point,
  scenarioWith,
  seriesOf,
  windowMeans,
} from './helpers/series.js';

const DAY = 86_400_000;

interface FaultCase {
  mode: FailureMode;
  type: AssetType;
  /** Sensors whose mean just before failure is at least `factor` times the healthy mean. */
  rises: [sensor: string, factor: number][];
  /** Sensors that must not move much (within 25%). */
  steady?: string[];
  /** Sensors whose mean falls by at least the given fraction. */
  falls?: [sensor: string, fraction: number][];
}

const CASES: FaultCase[] = [
  {
    mode: 'bearing_wear',
    type: 'centrifugal_pump',
    rises: [
      ['vib_rms', 3],
      ['vib_kurtosis', 2],
      ['bearing_temp', 1.2],
    ],
    steady: ['vib_1x', 'vib_2x'],
  },
  {
    mode: 'imbalance',
    type: 'fan',
    rises: [
      ['vib_1x', 3],
      ['vib_rms', 2],
    ],
    steady: ['vib_2x', 'vib_kurtosis'],
  },
  {
    mode: 'misalignment',
    type: 'induction_motor',
    rises: [
      ['vib_2x', 5],
      ['vib_rms', 2],
    ],
    steady: ['vib_kurtosis'],
  },
  { mode: 'lubrication_loss', type: 'induction_motor', rises: [['bearing_temp', 1.5]] },
  { mode: 'overheating', type: 'induction_motor', rises: [['winding_temp', 1.5]], steady: ['vib_rms'] },
  {
    mode: 'overheating',
    type: 'air_compressor',
    rises: [
      ['discharge_temp', 1.3],
      ['oil_temp', 1.3],
    ],
  },
  { mode: 'cavitation', type: 'centrifugal_pump', rises: [['vib_kurtosis', 1.5]], falls: [['flow', 0.1]] },
  {
    mode: 'seal_leak',
    type: 'centrifugal_pump',
    rises: [],
    falls: [
      ['discharge_pressure', 0.08],
      ['flow', 0.1],
    ],
  },
];

function run(c: FaultCase) {
  const scenario = scenarioWith([
    { id: 'sick', type: c.type, faults: [{ mode: c.mode, onset: '1d', timeToFailure: '4d' }] },
    { id: 'twin', type: c.type },
  ]);
  const series = seriesOf(scenario);
  return {
    series,
    sick: series.get('sick') as Point[],
    f: failureOf(scenario, 'sick'),
    start: scenario.start,
  };
}

describe('machine faults leave their physical signature', () => {
  it.each(CASES)('$mode on $type', (c) => {
    const { sick, series, f } = run(c);
    const twin = series.get('twin') as Point[];
    // Compare with a healthy twin over the same hours, so shifts and ambient cancel out.
    const from = f.failureAt - 0.1 * (f.failureAt - f.onsetAt);
    const before = (s: string) => meanOf(twin, s, from, f.failureAt);
    const late = (s: string) => meanOf(sick, s, from, f.failureAt);
    for (const [sensor, factor] of c.rises)
      expect(late(sensor), sensor).toBeGreaterThan(before(sensor) * factor);
    for (const sensor of c.steady ?? [])
      expect(Math.abs(late(sensor) / before(sensor) - 1), sensor).toBeLessThan(0.25);
    for (const [sensor, fraction] of c.falls ?? [])
      expect(late(sensor), sensor).toBeLessThan(before(sensor) * (1 - fraction));
  });

  it('bearing wear: vibration trend rises monotonically, slowly then fast, and temperature follows later', () => {
    const { sick, f } = run(CASES[0] as FaultCase);
    const span = f.failureAt - f.onsetAt;
    // Over the whole course: never falls by more than noise (early wear hides below the noise).
    const whole = windowMeans(sick, 'vib_rms', { from: f.onsetAt, to: f.failureAt, n: 12 });
    for (let i = 1; i < whole.length; i++) expect(whole[i]).toBeGreaterThan((whole[i - 1] as number) - 0.05);
    // Once it is detectable (the last 40%), it rises strictly, and faster and faster.
    const means = windowMeans(sick, 'vib_rms', { from: f.onsetAt + 0.6 * span, to: f.failureAt, n: 5 });
    for (let i = 1; i < means.length; i++) expect(means[i]).toBeGreaterThan(means[i - 1] as number);
    expect((whole.at(-1) as number) - (whole.at(-2) as number)).toBeGreaterThan(
      ((whole[6] as number) - (whole[5] as number)) * 3,
    );
    // When vibration has risen by half, bearing temperature has barely moved: heat comes later.
    const base = {
      vib: meanOf(sick, 'vib_rms', f.onsetAt - DAY / 4, f.onsetAt),
      temp: meanOf(sick, 'bearing_temp', f.onsetAt - DAY, f.onsetAt),
    };
    const hour = 3_600_000;
    let t = f.onsetAt;
    while (meanOf(sick, 'vib_rms', t, t + 3 * hour) < base.vib * 1.5) t += hour;
    expect(t).toBeLessThan(f.failureAt);
    expect(meanOf(sick, 'bearing_temp', t, t + 3 * hour) - base.temp).toBeLessThan(3);
    expect(meanOf(sick, 'bearing_temp', f.failureAt - 3 * hour, f.failureAt) - base.temp).toBeGreaterThan(10);
  });

  it('cavitation makes flow and pressure unstable', () => {
    const { sick, f, start } = run(CASES[6] as FaultCase);
    const lateFrom = f.failureAt - 0.1 * (f.failureAt - f.onsetAt);
    for (const sensor of ['flow', 'discharge_pressure']) {
      const before = instabilityOf(sick, sensor, start, f.onsetAt);
      const late = instabilityOf(sick, sensor, lateFrom, f.failureAt);
      expect(late, sensor).toBeGreaterThan(before * 5);
    }
  });

  it('a failed pump trips and reads zero flow; a failed motor stops reporting', () => {
    const pump = run(CASES[0] as FaultCase);
    const after = pump.sick.filter((p) => p.ts >= pump.f.failureAt);
    expect(after.length).toBeGreaterThan(100);
    expect(after.every((p) => p.readings.flow === 0 && p.readings.motor_current === 0)).toBe(true);
    const lastBefore = pump.sick.filter((p) => p.ts < pump.f.failureAt).at(-1) as Point;
    expect(lastBefore.readings.vib_rms).toBeGreaterThan(7.1);
    const motor = run(CASES[2] as FaultCase);
    expect(motor.sick.at(-1)?.ts).toBeLessThan(motor.f.failureAt);
    expect(motor.series.get('twin')?.at(-1)?.ts).toBeGreaterThan(motor.f.failureAt);
  });

  it('the healthy twin stays healthy', () => {
    for (const c of CASES) {
      const twin = run(c).series.get('twin') as Point[];
      expect(Math.max(...twin.map((p) => p.readings.vib_rms ?? 0)), c.type).toBeLessThan(4.5);
    }
  });
});

describe('operation a naive detector would mistake for faults', () => {
  const scenario = scenarioWith(
    [
      {
        id: 'pump',
        type: 'centrifugal_pump',
        operation: { dayLoad: 0.9, nightLoad: 0.4, loadChangesPerDay: 10, startsPerDay: 4 },
      },
      { id: 'comp', type: 'air_compressor' },
    ],
    { sampleInterval: '10s', duration: '3d' },
  );
  const series = seriesOf(scenario);
  const pump = series.get('pump') as Point[];

  it('stops and starts: zero current while stopped, inrush right after a start', () => {
    const stopped = pump.filter((p) => p.readings.motor_current === 0);
    expect(stopped.length).toBeGreaterThan(20);
    const running = pump
      .filter((p) => (p.readings.motor_current ?? 0) > 0)
      .map((p) => p.readings.motor_current as number);
    const median = [...running].sort((a, b) => a - b)[Math.floor(running.length / 2)] as number;
    expect(Math.max(...running)).toBeGreaterThan(median * 1.2);
    expect(Math.max(...pump.map((p) => p.readings.vib_rms ?? 0))).toBeLessThan(4.5);
  });

  it('day and night: flow follows the shift pattern', () => {
    const day = scenario.start + 2 * DAY;
    const localNoon = meanOf(pump, 'flow', day + 10 * 3_600_000, day + 14 * 3_600_000);
    const localNight = meanOf(pump, 'flow', day + 1 * 3_600_000, day + 4 * 3_600_000);
    expect(localNoon).toBeGreaterThan(localNight * 1.4);
  });

  it('a healthy compressor cycles between load and unload (pressure sawtooth, current steps)', () => {
    const comp = series.get('comp') as Point[];
    const pressures = comp.map((p) => p.readings.discharge_pressure as number);
    expect(Math.min(...pressures)).toBeGreaterThan(6.2);
    expect(Math.max(...pressures)).toBeLessThan(7.8);
    const currents = comp.map((p) => p.readings.motor_current as number);
    expect(currents.filter((c) => c > 80).length).toBeGreaterThan(100);
    expect(currents.filter((c) => c < 45).length).toBeGreaterThan(100);
  });
});
