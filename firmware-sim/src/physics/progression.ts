import type { FailureMode } from '../devices/catalog.js';
import { exponential, type Uniform } from './random.js';

/** Nominal onset-to-failure times, from field experience orders of magnitude (compressed for demos by scenarios). */
export const NOMINAL_TIME_TO_FAILURE_MS: Readonly<Record<FailureMode, number>> = {
  bearing_wear: 21 * 86_400_000,
  imbalance: 30 * 86_400_000,
  misalignment: 25 * 86_400_000,
  cavitation: 10 * 86_400_000,
  lubrication_loss: 5 * 86_400_000,
  overheating: 3 * 86_400_000,
  seal_leak: 14 * 86_400_000,
};

const KNOTS = 16;

/**
 * A monotone random time warp of [0, 1] onto itself: the fault progresses in uneven spurts
 * (some stretches faster, some slower) but always forward, and reaches 1 exactly at failure.
 */
export function randomWarp(uniform: Uniform): Float64Array {
  const steps = new Float64Array(KNOTS);
  let sum = 0;
  for (let i = 0; i < KNOTS; i++) {
    const step = 0.25 + exponential(uniform, 1);
    steps[i] = step;
    sum += step;
  }
  const knots = new Float64Array(KNOTS + 1);
  for (let i = 0; i < KNOTS; i++) knots[i + 1] = (knots[i] as number) + (steps[i] as number) / sum;
  knots[KNOTS] = 1;
  return knots;
}

function warpAt(knots: Float64Array, u: number): number {
  const x = u * KNOTS;
  const i = Math.min(KNOTS - 1, Math.floor(x));
  const lo = knots[i] as number;
  return lo + ((knots[i + 1] as number) - lo) * (x - i);
}

/** Shape of each mode's damage curve d(u), d(0) = 0, d(1) = 1 (failure threshold). */
function shapeOf(mode: FailureMode, u: number): number {
  switch (mode) {
    case 'bearing_wear':
      return Math.expm1(4 * u) / Math.expm1(4); // slow, then fast
    case 'seal_leak':
      return Math.expm1(2.5 * u) / Math.expm1(2.5);
    case 'imbalance':
      return u; // fouling builds up steadily
    case 'misalignment':
      return u ** 1.2;
    case 'cavitation':
      return u ** 1.5;
    case 'lubrication_loss':
      return u * u;
    case 'overheating':
      return u ** 1.5;
  }
}

export interface FaultCourse {
  mode: FailureMode;
  onsetAt: number;
  failureAt: number;
  warp: Float64Array;
}

/** Damage in [0, 1] before failure; 1 at and after failure; 0 before onset. */
export function damageAt(course: FaultCourse, t: number): number {
  if (t <= course.onsetAt) return 0;
  if (t >= course.failureAt) return 1;
  const u = (t - course.onsetAt) / (course.failureAt - course.onsetAt);
  return shapeOf(course.mode, warpAt(course.warp, u));
}
