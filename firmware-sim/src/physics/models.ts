import type { AssetType } from '../devices/catalog.js';
import type { OperatingPoint } from './operation.js';
import { type Damage, inrushFactor, lag, type Vibration, vibrationOf } from './vibration.js';

export interface Condition {
  op: OperatingPoint;
  dmg: Damage;
  /** Milliseconds since the previous sample. */
  dt: number;
  /** Standard-normal draws for process instability (cavitation surges). */
  surge: () => number;
  /** Shaft speed as a fraction of rated, set by the model before computing vibration. */
  speedFraction: number;
  /** Load seen by the vibration model when it differs from the drive load (compressor unloaded). */
  loadOverride?: number;
}

/** State a model keeps between samples: lagging temperatures, receiver pressure, load/unload. */
export interface ModelState {
  bearingTemp: number;
  hotTemp: number;
  oilTemp: number;
  pressure: number;
  loaded: boolean;
  vib: Vibration;
}

export function newModelState(): ModelState {
  return {
    bearingTemp: Number.NaN,
    hotTemp: Number.NaN,
    oilTemp: Number.NaN,
    pressure: Number.NaN,
    loaded: true,
    vib: { rms: 0, kurtosis: 3, oneX: 0, twoX: 0 },
  };
}

export type Values = Record<string, number>;

const PUMP_VIB = { oneX: 1.4, twoX: 0.6, broadband: 0.9 };
const MOTOR_VIB = { oneX: 1.1, twoX: 0.5, broadband: 0.8 };
const FAN_VIB = { oneX: 1.5, twoX: 0.5, broadband: 0.7 };
const COMPRESSOR_VIB = { oneX: 0, twoX: 0.8, broadband: 1.3 };
type Model = (c: Condition, s: ModelState, out: Values) => void;

/** Bearing temperature: load heating, then lubrication loss early and bearing wear late. */
function bearingTemperature(c: Condition, s: ModelState, heating: number): number {
  const { op, dmg } = c;
  const target =
    op.ambient +
    (op.running ? heating * (0.4 + 0.6 * op.load) : 0) +
    32 * dmg.lubrication_loss ** 1.5 +
    25 * dmg.bearing_wear ** 3 +
    6 * dmg.misalignment;
  s.bearingTemp = lag(s.bearingTemp, target, c.dt, 900_000);
  return s.bearingTemp;
}

function writeVibration(v: Vibration, out: Values): void {
  out.vib_rms = v.rms;
  out.vib_kurtosis = v.kurtosis;
  out.vib_1x = v.oneX;
  out.vib_2x = v.twoX;
}

const pump: Model = (c, s, out) => {
  const { op, dmg } = c;
  c.speedFraction = 1;
  writeVibration(vibrationOf(PUMP_VIB, c, s.vib), out);
  out.bearing_temp = bearingTemperature(c, s, 28);
  const instability = 0.15 * dmg.cavitation;
  const flow = op.running ? 120 * op.load * (1 - 0.2 * dmg.cavitation - 0.25 * dmg.seal_leak) : 0;
  out.flow = Math.max(0, flow * (1 + instability * c.surge()));
  const head = op.running ? (7.2 - 2 * op.load * op.load) * (1 - 0.25 * dmg.seal_leak) : 0.3;
  out.discharge_pressure = Math.max(0, head * (1 + instability * c.surge()));
  const current = (14 + 26 * op.load) * (1 + 0.05 * dmg.misalignment + 0.06 * dmg.bearing_wear ** 2);
  out.motor_current = current * inrushFactor(op);
};

const motor: Model = (c, s, out) => {
  const { op, dmg } = c;
  const speed = op.running ? 1500 - 22 * op.load : 0;
  c.speedFraction = speed / 1480;
  writeVibration(vibrationOf(MOTOR_VIB, c, s.vib), out);
  out.bearing_temp = bearingTemperature(c, s, 24);
  const winding = op.ambient + (op.running ? 25 + 55 * op.load * op.load : 0) + 75 * dmg.overheating ** 1.3;
  s.hotTemp = lag(s.hotTemp, winding, c.dt, 1_500_000);
  out.winding_temp = s.hotTemp;
  out.current =
    (9 + 22 * op.load) * (1 + 0.08 * dmg.overheating + 0.04 * dmg.misalignment) * inrushFactor(op);
  out.speed = speed;
};

const fan: Model = (c, s, out) => {
  const { op } = c;
  const sf = op.running ? 0.5 + 0.5 * Math.min(1, op.load) : 0;
  c.speedFraction = sf;
  writeVibration(vibrationOf(FAN_VIB, c, s.vib), out);
  out.bearing_temp = bearingTemperature(c, s, 18);
  out.airflow = 12 * sf;
  out.motor_current = (4 + 26 * sf * sf * sf) * (1 + 0.05 * c.dmg.imbalance) * inrushFactor(op);
  out.speed = 990 * sf;
};

/** Rotary screw compressor on load/unload control between 6.5 and 7.5 bar. */
const compressor: Model = (c, s, out) => {
  const { op, dmg } = c;
  const demand = 0.3 + 0.55 * Math.min(1, op.load / 0.85) + 0.55 * dmg.seal_leak;
  if (Number.isNaN(s.pressure)) s.pressure = 7;
  // Integrate in steps of at most 5 s so the 6.5/7.5 bar switching points are honoured.
  for (let left = c.dt; left > 0; left -= 5_000) {
    const step = Math.min(left, 5_000);
    const loadedNow = op.running && s.loaded;
    s.pressure = Math.max(0, s.pressure + 0.5 * (step / 60_000) * ((loadedNow ? 1 : 0) - demand));
    if (s.pressure >= 7.5) s.loaded = false;
    if (s.pressure <= 6.5) s.loaded = true;
  }
  const loaded = op.running && s.loaded;
  c.speedFraction = 1;
  c.loadOverride = loaded ? 1 : 0.4;
  vibrationOf(COMPRESSOR_VIB, c, s.vib);
  c.loadOverride = undefined;
  out.vib_rms = s.vib.rms;
  out.vib_kurtosis = s.vib.kurtosis;
  out.vib_2x = s.vib.twoX;
  out.discharge_pressure = s.pressure;
  const hot = op.running ? (loaded ? 82 : 72) + 0.8 * (op.ambient - 20) : op.ambient;
  s.hotTemp = lag(s.hotTemp, hot + 32 * dmg.overheating + 22 * dmg.lubrication_loss ** 1.5, c.dt, 180_000);
  out.discharge_temp = s.hotTemp;
  const oil = op.running ? 60 + 0.5 * (op.ambient - 20) : op.ambient;
  s.oilTemp = lag(s.oilTemp, oil + 25 * dmg.overheating + 10 * dmg.lubrication_loss, c.dt, 480_000);
  out.oil_temp = s.oilTemp;
  out.motor_current = (loaded ? 95 : 38) * (1 + 0.05 * dmg.bearing_wear) * inrushFactor(op);
};

export const MODELS: Readonly<Record<AssetType, Model>> = {
  centrifugal_pump: pump,
  induction_motor: motor,
  fan,
  air_compressor: compressor,
};
