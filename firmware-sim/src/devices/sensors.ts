import type { SensorFaultPlan } from '../physics/plan.js';

/** Measurement noise per sensor: a relative part and an absolute floor (one standard deviation). */
const NOISE: Readonly<Record<string, { rel: number; abs: number; decimals: number }>> = {
  vib_rms: { rel: 0.05, abs: 0.03, decimals: 3 },
  vib_kurtosis: { rel: 0.03, abs: 0.12, decimals: 3 },
  vib_1x: { rel: 0.06, abs: 0.02, decimals: 3 },
  vib_2x: { rel: 0.06, abs: 0.02, decimals: 3 },
  bearing_temp: { rel: 0, abs: 0.25, decimals: 2 },
  winding_temp: { rel: 0, abs: 0.3, decimals: 2 },
  discharge_temp: { rel: 0, abs: 0.3, decimals: 2 },
  oil_temp: { rel: 0, abs: 0.2, decimals: 2 },
  discharge_pressure: { rel: 0.004, abs: 0.01, decimals: 3 },
  flow: { rel: 0.01, abs: 0.2, decimals: 2 },
  airflow: { rel: 0.01, abs: 0.02, decimals: 3 },
  motor_current: { rel: 0.01, abs: 0.05, decimals: 2 },
  current: { rel: 0.01, abs: 0.05, decimals: 2 },
  speed: { rel: 0, abs: 1.5, decimals: 1 },
};
const DEFAULT_NOISE = { rel: 0.01, abs: 0.01, decimals: 3 };

export interface Noise {
  rel: number;
  abs: number;
  /** 10^decimals: readings are rounded to the instrument's resolution. */
  scale: number;
}

export function noiseOf(sensor: string): Noise {
  const n = NOISE[sensor] ?? DEFAULT_NOISE;
  return { rel: n.rel, abs: n.abs, scale: 10 ** n.decimals };
}

/** A reading as the instrument reports it: noisy, rounded, never negative. */
export function measure(n: Noise, truth: number, gauss: () => number): number {
  if (truth === 0) return 0; // stopped machine: flow, current and speed read a clean zero (low cut-off)
  const noisy = truth + (Math.abs(truth) * n.rel + n.abs) * gauss();
  const v = Math.round(Math.max(0, noisy) * n.scale) / n.scale;
  return v === 0 ? 0 : v; // no -0 in the output
}

/**
 * Applies the sensor faults active at time t to one reading. Returns undefined when the reading
 * drops out. `held` remembers the value a stuck sensor froze at.
 */
export function applySensorFault(
  f: SensorFaultPlan,
  t: number,
  value: number,
  held: Map<SensorFaultPlan, number>,
): number | undefined {
  switch (f.kind) {
    case 'dropout':
      return undefined;
    case 'stuck': {
      const frozen = held.get(f);
      if (frozen !== undefined) return frozen;
      held.set(f, value);
      return value;
    }
    case 'drift': {
      const offset = (f.magnitude ?? value * 0.2) * ((t - f.startAt) / (f.endAt - f.startAt));
      return Math.round((value + offset) * 1000) / 1000;
    }
    case 'spike': {
      if (!f.spikeTimes.includes(t)) return value;
      // Each spike peaks at 85-100% of the magnitude, varying from spike to spike but repeatably.
      const peak = (f.magnitude ?? Math.max(1, value) * 5) * (0.85 + 0.15 * fractionOf(t));
      return Math.round(peak * 1000) / 1000;
    }
  }
}

/** A repeatable number in [0, 1) from a timestamp (integer hash). */
function fractionOf(t: number): number {
  let h = Math.imul((t / 1000) | 0, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}
