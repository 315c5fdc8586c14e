/** What each kind of machine measures and how it can fail. */

export const FAILURE_MODES = [
  'bearing_wear',
  'imbalance',
  'misalignment',
  'cavitation',
  'lubrication_loss',
  'overheating',
  'seal_leak',
] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

export const ASSET_TYPES = ['centrifugal_pump', 'induction_motor', 'fan', 'air_compressor'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const SENSOR_FAULT_KINDS = ['stuck', 'drift', 'spike', 'dropout'] as const;
export type SensorFaultKind = (typeof SENSOR_FAULT_KINDS)[number];

export interface SensorInfo {
  id: string;
  unit: string;
  description: string;
}

export interface AssetTypeInfo {
  sensors: readonly SensorInfo[];
  modes: readonly FailureMode[];
  /** Running speed at full load, revolutions per minute. */
  ratedRpm: number;
  /** After failure: `tripped` keeps reporting a stopped machine (zero flow), `silent` stops reporting. */
  afterFailure: 'tripped' | 'silent';
}

const vibration: SensorInfo[] = [
  { id: 'vib_rms', unit: 'mm/s', description: 'vibration velocity RMS, 10-1000 Hz' },
  { id: 'vib_kurtosis', unit: '1', description: 'kurtosis of the acceleration signal (3 when Gaussian)' },
  { id: 'vib_1x', unit: 'mm/s', description: 'velocity band energy at 1x running speed' },
  { id: 'vib_2x', unit: 'mm/s', description: 'velocity band energy at 2x running speed' },
];
const bearingTemp: SensorInfo = {
  id: 'bearing_temp',
  unit: 'degC',
  description: 'bearing housing temperature',
};

export const ASSET_CATALOG: Readonly<Record<AssetType, AssetTypeInfo>> = {
  centrifugal_pump: {
    sensors: [
      ...vibration,
      bearingTemp,
      { id: 'discharge_pressure', unit: 'bar', description: 'discharge pressure (gauge)' },
      { id: 'flow', unit: 'm3/h', description: 'volumetric flow' },
      { id: 'motor_current', unit: 'A', description: 'drive motor current' },
    ],
    modes: ['bearing_wear', 'imbalance', 'misalignment', 'cavitation', 'lubrication_loss', 'seal_leak'],
    ratedRpm: 2950,
    afterFailure: 'tripped',
  },
  induction_motor: {
    sensors: [
      ...vibration,
      bearingTemp,
      { id: 'winding_temp', unit: 'degC', description: 'stator winding temperature' },
      { id: 'current', unit: 'A', description: 'phase current' },
      { id: 'speed', unit: 'rpm', description: 'shaft speed' },
    ],
    modes: ['bearing_wear', 'imbalance', 'misalignment', 'lubrication_loss', 'overheating'],
    ratedRpm: 1480,
    afterFailure: 'silent',
  },
  fan: {
    sensors: [
      ...vibration,
      bearingTemp,
      { id: 'airflow', unit: 'm3/s', description: 'air volume flow' },
      { id: 'motor_current', unit: 'A', description: 'drive motor current' },
      { id: 'speed', unit: 'rpm', description: 'fan speed (variable-frequency drive)' },
    ],
    modes: ['bearing_wear', 'imbalance', 'misalignment', 'lubrication_loss'],
    ratedRpm: 990,
    afterFailure: 'silent',
  },
  air_compressor: {
    sensors: [
      { id: 'vib_rms', unit: 'mm/s', description: 'vibration velocity RMS, 10-1000 Hz' },
      { id: 'vib_kurtosis', unit: '1', description: 'kurtosis of the acceleration signal' },
      { id: 'vib_2x', unit: 'mm/s', description: 'velocity band energy at 2x running speed' },
      { id: 'discharge_pressure', unit: 'bar', description: 'receiver pressure (gauge)' },
      { id: 'discharge_temp', unit: 'degC', description: 'air-end discharge temperature' },
      { id: 'oil_temp', unit: 'degC', description: 'oil temperature after cooler' },
      { id: 'motor_current', unit: 'A', description: 'drive motor current' },
    ],
    modes: ['bearing_wear', 'misalignment', 'lubrication_loss', 'overheating', 'seal_leak'],
    ratedRpm: 2960,
    afterFailure: 'silent',
  },
};

export function sensorIdsOf(type: AssetType): string[] {
  return ASSET_CATALOG[type].sensors.map((s) => s.id);
}
