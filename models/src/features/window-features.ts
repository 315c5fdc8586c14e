import { bandEnergies } from './band-energy.js';

/** The features computed over one window of one sensor, identical in training and serving. */
export interface WindowFeatures {
  count: number;
  mean: number;
  min: number;
  max: number;
  std: number;
  rms: number;
  kurtosis: number;
  /** Peak absolute value over RMS. */
  crest: number;
  /** Least-squares slope per second of event time. */
  slope: number;
}

export const WINDOW_FEATURE_NAMES = [
  'mean',
  'min',
  'max',
  'std',
  'rms',
  'kurtosis',
  'crest',
  'slope',
] as const satisfies readonly (keyof WindowFeatures)[];
export type WindowFeatureName = (typeof WINDOW_FEATURE_NAMES)[number];

/**
 * Features of a window in one pass (two for the central moments). `times` are epoch ms;
 * the slope is per second. Empty windows return NaN features with count 0.
 */
export function windowFeatures(values: ArrayLike<number>, times?: ArrayLike<number>): WindowFeatures {
  const n = values.length;
  if (n === 0) {
    return {
      count: 0,
      mean: NaN,
      min: NaN,
      max: NaN,
      std: NaN,
      rms: NaN,
      kurtosis: NaN,
      crest: NaN,
      slope: 0,
    };
  }
  let sum = 0;
  let sumSq = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    sum += v;
    sumSq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= n;
  m4 /= n;
  const rms = Math.sqrt(sumSq / n);
  return {
    count: n,
    mean,
    min,
    max,
    std: Math.sqrt(m2),
    rms,
    kurtosis: m2 <= 1e-300 ? 0 : m4 / (m2 * m2),
    crest: rms <= 1e-300 ? 0 : peak / rms,
    slope: times ? slopePerSecond(values, times) : slopePerSecond(values, indexTimes(n)),
  };
}

function indexTimes(n: number): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = i * 1000;
  return t;
}

/** Least-squares slope of values against times (ms), per second. */
export function slopePerSecond(values: ArrayLike<number>, times: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const t0 = times[0] as number;
  let st = 0;
  let sv = 0;
  let stt = 0;
  let stv = 0;
  for (let i = 0; i < n; i++) {
    const t = ((times[i] as number) - t0) / 1000;
    const v = values[i] as number;
    st += t;
    sv += v;
    stt += t * t;
    stv += t * v;
  }
  const denom = n * stt - st * st;
  return Math.abs(denom) < 1e-12 ? 0 : (n * stv - st * sv) / denom;
}

/** Window features plus the energy in each frequency band (bands as fractions of Nyquist). */
export function windowFeaturesWithBands(
  values: ArrayLike<number>,
  times: ArrayLike<number> | undefined,
  bands: readonly (readonly [number, number])[],
): WindowFeatures & { bands: number[] } {
  return { ...windowFeatures(values, times), bands: bandEnergies(values, bands) };
}
