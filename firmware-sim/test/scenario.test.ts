import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import {
  ASSET_CATALOG,
  BUILTIN_SCENARIOS,
  generateSamples,
  groundTruthOf,
  loadScenario,
  parseScenario,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pdm-sim-scenario-'));
interface Draft {
  [key: string]: unknown;
  sites: { id: string; location: { lat: number; lon: number }; assets: Record<string, unknown>[] }[];
}
const site0 = (d: Draft) => d.sites[0] as Draft['sites'][number];
const asset0 = (d: Draft) => site0(d).assets[0] as Record<string, unknown>;
const minimal = (): Draft => ({
  name: 'x',
  seed: 1,
  start: '2026-01-01T00:00:00Z',
  duration: '1h',
  sites: [{ id: 's', location: { lat: 1, lon: 2 }, assets: [{ id: 'p', type: 'centrifugal_pump' }] }],
});

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('scenario files', () => {
  it.each([
    ['seed missing', (s: Draft) => delete s.seed, 'seed'],
    [
      'bad duration',
      (s: Draft) => (s.duration = '3 weeks'),
      'duration: must be whole milliseconds (>= 0) or a duration',
    ],
    ['bad start', (s: Draft) => (s.start = 'yesterday'), 'start: must be an ISO-8601 date-time'],
    ['latitude out of range', (s: Draft) => (site0(s).location.lat = 91), 'sites.0.location.lat'],
    ['unknown asset type', (s: Draft) => (asset0(s).type = 'boiler'), 'sites.0.assets.0.type'],
    [
      'mode the type cannot have',
      (s: Draft) => (asset0(s).faults = [{ mode: 'overheating', onset: '1m' }]),
      'sites.0.assets.0.faults.0.mode: centrifugal_pump cannot develop overheating',
    ],
    [
      'unknown failure mode',
      (s: Draft) => (asset0(s).faults = [{ mode: 'rust', onset: '1m' }]),
      'sites.0.assets.0.faults.0.mode',
    ],
    [
      'sensor the type lacks',
      (s: Draft) =>
        (asset0(s).sensorFaults = [{ sensor: 'winding_temp', kind: 'stuck', at: 0, duration: '1m' }]),
      'sites.0.assets.0.sensorFaults.0.sensor: "winding_temp" is not a sensor of centrifugal_pump',
    ],
    [
      'unknown sensor fault kind',
      (s: Draft) => (asset0(s).sensorFaults = [{ sensor: 'flow', kind: 'melt', at: 0, duration: '1m' }]),
      'sites.0.assets.0.sensorFaults.0.kind',
    ],
    [
      'duplicate asset id',
      (s: Draft) => site0(s).assets.push({ id: 'p', type: 'fan' }),
      'sites.0.assets.1.id: duplicate asset id "p"',
    ],
    ['bad asset id', (s: Draft) => (asset0(s).id = 'pump 1'), 'sites.0.assets.0.id'],
    ['reserved site id', (s: Draft) => (site0(s).id = 'gateways'), 'sites.0.id'],
    ['unknown field', (s: Draft) => (asset0(s).colour = 'red'), 'sites.0.assets.0'],
    ['no sites', (s: Draft) => (s.sites = []), 'sites: a scenario needs at least one site'],
    [
      'sensor rate of zero',
      (s: Draft) => (asset0(s).sensorIntervals = { vib_rms: 0 }),
      'sites.0.assets.0.sensorIntervals.vib_rms: must be longer than 0',
    ],
    [
      'sensor rate not a duration',
      (s: Draft) => (asset0(s).sensorIntervals = { vib_rms: '-1s' }),
      'sites.0.assets.0.sensorIntervals.vib_rms: must be whole milliseconds (>= 0) or a duration',
    ],
    [
      'rate for a sensor the type lacks',
      (s: Draft) => (asset0(s).sensorIntervals = { winding_temp: '1s' }),
      'sites.0.assets.0.sensorIntervals.winding_temp: "winding_temp" is not a sensor of centrifugal_pump',
    ],
    [
      'rate for a sensor the asset does not report',
      (s: Draft) => Object.assign(asset0(s), { sensors: ['flow'], sensorIntervals: { vib_rms: '1s' } }),
      'sites.0.assets.0.sensorIntervals.vib_rms: "vib_rms" is not among this asset\'s reported sensors (flow)',
    ],
  ])('%s: VALIDATION_FAILED naming the field', (_name, mutate, path) => {
    const input = minimal();
    mutate(input);
    const err = errorOf(() => parseScenario(input));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toContain(path);
  });

  it('reads JSON and YAML files; YAML example runs', () => {
    const json = join(dir, 'mini.json');
    writeFileSync(json, JSON.stringify(minimal()));
    expect(loadScenario(json).sites[0]?.assets[0]?.id).toBe('p');
    const yaml = loadScenario('firmware-sim/scenarios/two-sites.yaml');
    expect(yaml.sites.map((s) => s.id)).toEqual(['north', 'south']);
    const truth = groundTruthOf(yaml);
    expect(truth.faults.map((f) => f.mode)).toEqual(expect.arrayContaining(['cavitation', 'seal_leak']));
    expect(truth.sensorFaults.map((f) => f.kind)).toEqual(['drift', 'stuck', 'dropout']);
    const pump = [...generateSamples(yaml, { until: yaml.start + 3_600_000 })].find(
      (g) => g.assetId === 'pump-s2',
    );
    expect(Object.keys(pump?.sample.readings ?? {})).toEqual(['vib_rms', 'bearing_temp', 'flow']);
  });

  it.each([
    ['not JSON', 'bad.json', '{"name": ', /bad\.json is not valid JSON/],
    ['not YAML', 'bad.yaml', 'name: [unclosed', /bad\.yaml is not valid YAML/],
    ['invalid content', 'wrong.yaml', 'name: x\nseed: -1\n', /scenario file .*wrong\.yaml: .*seed/],
  ])('%s: a clear error naming the file', (_name, file, text, message) => {
    const path = join(dir, file);
    writeFileSync(path, text);
    expect(() => loadScenario(path)).toThrow(message);
  });

  it('a name that is neither built-in nor a file says so', () => {
    const err = errorOf(() => loadScenario('plant-year'));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('quick-demo, plant-month, fleet-scale');
  });

  it('built-ins: plant-month has ~50 assets over 30 days; fleet-scale reports 10,000 sensors', () => {
    expect(Object.keys(BUILTIN_SCENARIOS)).toEqual(['quick-demo', 'plant-month', 'fleet-scale']);
    const plant = loadScenario('plant-month');
    expect(plant.sites.flatMap((s) => s.assets)).toHaveLength(50);
    expect(plant.duration).toBe(30 * 86_400_000);
    expect(new Set(plant.sites[0]?.assets.map((a) => a.type)).size).toBe(4);
    const fleet = loadScenario('fleet-scale');
    const sensors = fleet.sites
      .flatMap((s) => s.assets)
      .reduce((n, a) => n + ASSET_CATALOG[a.type].sensors.length, 0);
    expect(sensors).toBe(10_000);
  });
});
