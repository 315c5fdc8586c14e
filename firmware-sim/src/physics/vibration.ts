import type { FailureMode } from '../devices/catalog.js';
import type { OperatingPoint } from './operation.js';

export type Damage = Record<FailureMode, number>;

export function noDamage(): Damage {
  return {
    bearing_wear: 0,
    imbalance: 0,
    misalignment: 0,
    cavitation: 0,
    lubrication_loss: 0,
    overheating: 0,
    seal_leak: 0,
  };
}

export interface VibrationBase {
  /** Healthy 1x and 2x band levels at full speed, mm/s. */
  oneX: number;
  twoX: number;
  /** Healthy broadband level, mm/s. */
  broadband: number;
}

export interface Vibration {
  rms: number;
  kurtosis: number;
  oneX: number;
  twoX: number;
}

const STOPPED_BACKGROUND = 0.15;

/**
 * Vibration from the machine's condition. Imbalance raises the 1x band (growing with speed
 * squared), misalignment the 2x band (and some 1x), bearing defects and poor lubrication the
 * high-frequency band, cavitation the broadband; overall RMS is the energy sum of the bands.
 * Kurtosis rises early in bearing wear (impacts) and with cavitation (bubble collapse).
 */
export function vibrationOf(
  base: VibrationBase,
  c: { op: OperatingPoint; dmg: Damage; speedFraction: number; loadOverride?: number },
  out: Vibration,
): Vibration {
  const { op, dmg } = c;
  const load = c.loadOverride ?? op.load;
  if (!op.running) {
    out.rms = STOPPED_BACKGROUND;
    out.kurtosis = 3;
    out.oneX = 0.02;
    out.twoX = 0.02;
    return out;
  }
  const sf2 = c.speedFraction * c.speedFraction;
  const runUp = 1 + 0.6 * Math.exp(-op.sinceStart / 30_000);
  const oneX =
    (base.oneX * (0.7 + 0.3 * op.load) * sf2 + 6.5 * dmg.imbalance * sf2 + 1.6 * dmg.misalignment) * runUp;
  const twoX = (base.twoX + 5.5 * dmg.misalignment) * runUp;
  const bearing = 0.5 + 11 * dmg.bearing_wear + 2.5 * dmg.lubrication_loss * dmg.lubrication_loss;
  const broad = base.broadband * (0.8 + 0.4 * load) * runUp + 3.5 * dmg.cavitation;
  out.rms = Math.sqrt(oneX * oneX + twoX * twoX + bearing * bearing + broad * broad);
  const bw = dmg.bearing_wear;
  out.kurtosis = 3 + 9 * bw ** 0.6 * (1 - 0.3 * bw ** 4) + 2.5 * dmg.cavitation + 1.5 * dmg.lubrication_loss;
  out.oneX = oneX;
  out.twoX = twoX;
  return out;
}

/** Start-up inrush: several times running current for a few seconds after a start. */
export function inrushFactor(op: OperatingPoint): number {
  return op.running ? 1 + 4 * Math.exp(-op.sinceStart / 4_000) : 0;
}

/** Moves a first-order lag toward its target: temperatures settle with a time constant. */
export function lag(current: number, target: number, dtMs: number, tauMs: number): number {
  if (Number.isNaN(current)) return target;
  return current + (target - current) * (1 - Math.exp(-dtMs / tauMs));
}
