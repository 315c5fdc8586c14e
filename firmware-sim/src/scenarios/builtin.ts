import type { AssetType } from '../devices/catalog.js';
import type { ScenarioInput } from './schema.js';

/**
 * A few minutes of wall time: one site, four machines, one bearing failing on pump-02 and a
 * vibration sensor on motor-01 throwing isolated spikes (a sensor fault, not a machine fault).
 */
const quickDemo: ScenarioInput = {
  name: 'quick-demo',
  description: 'Four machines on one site; pump-02 bearing fails, motor-01 vibration sensor spikes.',
  seed: 20260105,
  start: '2026-01-05T06:00:00Z',
  duration: '7h',
  speed: 450,
  sampleInterval: '10s',
  operation: { dayLoad: 0.85, nightLoad: 0.5, loadChangesPerDay: 12, startsPerDay: 0 },
  sites: [
    {
      id: 'plant-1',
      name: 'Plant 1',
      location: { lat: 51.4556, lon: 7.0116 },
      utcOffsetHours: 1,
      assets: [
        { id: 'pump-01', type: 'centrifugal_pump', name: 'Cooling water pump 1' },
        {
          id: 'pump-02',
          type: 'centrifugal_pump',
          name: 'Cooling water pump 2',
          faults: [{ mode: 'bearing_wear', onset: '30m', timeToFailure: '4h' }],
        },
        {
          id: 'motor-01',
          type: 'induction_motor',
          name: 'Conveyor drive motor',
          sensorFaults: [
            { sensor: 'vib_rms', kind: 'spike', at: '1h30m', duration: '3h', magnitude: 12, count: 4 },
          ],
        },
        {
          id: 'fan-01',
          type: 'fan',
          name: 'Cooling tower fan',
          operation: { dayLoad: 0.9, nightLoad: 0.4, loadChangesPerDay: 12, startsPerDay: 4 },
          sensorFaults: [{ sensor: 'airflow', kind: 'dropout', at: '2h', duration: '5m' }],
        },
      ],
    },
  ],
};

const PLANT_TYPES: AssetType[] = ['centrifugal_pump', 'induction_motor', 'fan', 'air_compressor'];
const PREFIX: Record<AssetType, string> = {
  centrifugal_pump: 'pump',
  induction_motor: 'motor',
  fan: 'fan',
  air_compressor: 'comp',
};

/** Asset specs named `<prefix>-NNN`, cycling through the given types. */
function assetsOf(types: AssetType[], count: number): { id: string; type: AssetType }[] {
  return Array.from({ length: count }, (_, i) => {
    const type = types[i % types.length] as AssetType;
    return { id: `${PREFIX[type]}-${String(i + 1).padStart(3, '0')}`, type };
  });
}

/** A plant of 50 machines over 30 days: random faults at field-like rates, a few injected ones. */
const plantMonth: ScenarioInput = {
  name: 'plant-month',
  description: 'One plant, 50 machines, 30 days: random faults plus scheduled ones, sensor faults.',
  seed: 424242,
  start: '2026-02-02T00:00:00Z',
  duration: '30d',
  speed: 86_400,
  sampleInterval: '1m',
  faultRates: [
    { mode: 'bearing_wear', perAssetPerDay: 0.004, timeToFailure: '10d' },
    {
      mode: 'imbalance',
      perAssetPerDay: 0.003,
      assetTypes: ['fan', 'centrifugal_pump'],
      timeToFailure: '12d',
    },
    { mode: 'misalignment', perAssetPerDay: 0.002, timeToFailure: '12d' },
    { mode: 'cavitation', perAssetPerDay: 0.004, assetTypes: ['centrifugal_pump'], timeToFailure: '6d' },
    { mode: 'lubrication_loss', perAssetPerDay: 0.002, timeToFailure: '4d' },
    {
      mode: 'overheating',
      perAssetPerDay: 0.003,
      assetTypes: ['induction_motor', 'air_compressor'],
      timeToFailure: '3d',
    },
    {
      mode: 'seal_leak',
      perAssetPerDay: 0.003,
      assetTypes: ['centrifugal_pump', 'air_compressor'],
      timeToFailure: '8d',
    },
  ],
  sites: [
    {
      id: 'plant-essen',
      name: 'Essen works',
      location: { lat: 51.4556, lon: 7.0116 },
      utcOffsetHours: 1,
      assets: assetsOf(PLANT_TYPES, 50).map((a, i) => ({
        ...a,
        ...(i === 4
          ? { faults: [{ mode: 'bearing_wear' as const, onset: '5d', timeToFailure: '14d', spread: 0.2 }] }
          : {}),
        ...(i === 9
          ? { faults: [{ mode: 'imbalance' as const, onset: '8d', timeToFailure: '15d', spread: 0.2 }] }
          : {}),
        ...(i === 13
          ? {
              sensorFaults: [
                { sensor: 'bearing_temp', kind: 'drift' as const, at: '10d', duration: '5d', magnitude: 15 },
              ],
            }
          : {}),
        ...(i === 21
          ? { sensorFaults: [{ sensor: 'vib_rms', kind: 'stuck' as const, at: '12d', duration: '2d' }] }
          : {}),
        ...(i === 30
          ? {
              sensorFaults: [
                {
                  sensor: 'vib_rms',
                  kind: 'spike' as const,
                  at: '3d',
                  duration: '20d',
                  magnitude: 14,
                  count: 12,
                },
              ],
            }
          : {}),
        ...(i === 38
          ? {
              sensorFaults: [
                { sensor: 'motor_current', kind: 'dropout' as const, at: '18d', duration: '6h' },
              ],
            }
          : {}),
      })),
    },
  ],
};

/** 10,000 sensors: 1,075 eight-sensor machines plus 200 seven-sensor compressors over 10 sites. */
function fleetScale(): ScenarioInput {
  const rotating: AssetType[] = ['centrifugal_pump', 'induction_motor', 'fan'];
  const all = [
    ...assetsOf(rotating, 1075),
    ...assetsOf(['air_compressor'], 200).map((a, i) => ({
      ...a,
      id: `comp-${String(i + 1).padStart(3, '0')}`,
    })),
  ];
  const sites = Array.from({ length: 10 }, (_, s) => ({
    id: `site-${String(s + 1).padStart(2, '0')}`,
    location: { lat: 45 + s * 0.7, lon: 5 + s * 1.1 },
    utcOffsetHours: 1,
    assets: all.filter((_, i) => i % 10 === s),
  }));
  return {
    name: 'fleet-scale',
    description: '1,275 machines reporting 10,000 sensors every 10 s over 10 sites, for load tests.',
    seed: 10_000,
    start: '2026-03-02T00:00:00Z',
    duration: '1d',
    speed: 1,
    sampleInterval: '10s',
    faultRates: [
      { mode: 'bearing_wear', perAssetPerDay: 0.02, timeToFailure: '2d' },
      {
        mode: 'imbalance',
        perAssetPerDay: 0.01,
        assetTypes: ['fan', 'centrifugal_pump'],
        timeToFailure: '2d',
      },
    ],
    sites,
  };
}

export const BUILTIN_SCENARIOS: Readonly<Record<string, () => ScenarioInput>> = {
  'quick-demo': () => quickDemo,
  'plant-month': () => plantMonth,
  'fleet-scale': fleetScale,
};
