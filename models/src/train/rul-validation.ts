import type * as tf from '@tensorflow/tfjs';
import type { CmapssSubset } from '../datasets/cmapss.js';
import { RUL_PROTOCOL_CAP } from '../eval/rul-eval.js';
import { groupByUnit } from '../features/cmapss.js';
import type { RulFeatureSpec } from '../features/rul-spec.js';
import type { RulTrainConfig } from './rul.js';
import { outOfFoldSamples } from './rul-calibration.js';

/** Weighted RMSE and NASA score of one set of out-of-fold predictions. */
export interface RulValidationFigures {
  /** Against the true RUL of the truncated held-out units, uncapped. */
  rmse: number;
  nasa: number;
  /** Against the same truth capped at the protocol's 125 cycles. */
  rmseCapped: number;
  /** Truncations with a non-zero weight. */
  windows: number;
}

/** Out-of-fold figures of a trained ensemble on its members' held-out training units. */
export interface RulValidation {
  /** Every truncation of every held-out unit, equally weighted. */
  everyCycle: RulValidationFigures;
  /**
   * Each held-out unit truncated at the observed lengths of the test units (inputs only, never
   * their RUL): a truncation after c cycles weighs as many test units as have c cycles.
   */
  testLengths: RulValidationFigures;
  units: number;
  members: number;
}

/** Weighted RMSE, NASA score and capped RMSE of predictions p against truth t. Pure. */
export function weightedFigures(
  p: readonly number[],
  t: readonly number[],
  w: readonly number[],
): RulValidationFigures {
  let sw = 0;
  let se = 0;
  let sc = 0;
  let nasa = 0;
  let windows = 0;
  p.forEach((pi, i) => {
    const wi = w[i] as number;
    if (wi <= 0) return;
    const ti = t[i] as number;
    const d = pi - ti;
    sw += wi;
    se += wi * d * d;
    sc += wi * (pi - Math.min(ti, RUL_PROTOCOL_CAP)) ** 2;
    nasa += wi * (d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1);
    windows++;
  });
  return { rmse: Math.sqrt(se / sw), nasa: nasa / sw, rmseCapped: Math.sqrt(sc / sw), windows };
}

/**
 * Scores an ensemble without the test RUL, on the samples interval calibration uses: every unit
 * some member held out, truncated at each cycle, predicted by the mean of the members that never
 * trained on it. The truth is uncapped, so models trained with different caps compare. NASA is
 * per truncation (the test figure sums over 100 units). `members` keeps only the first members.
 */
export function validateEnsemble(
  model: tf.LayersModel,
  data: CmapssSubset,
  spec: RulFeatureSpec,
  cfg: Pick<RulTrainConfig, 'seed' | 'validationShare'>,
  members?: number,
): RulValidation {
  const {
    samples,
    sampleUnits,
    units,
    members: used,
  } = outOfFoldSamples(model, data, spec, cfg, {
    truthCap: Number.POSITIVE_INFINITY,
    ...(members ? { members } : {}),
  });
  const life = new Map([...groupByUnit(data.train)].map(([u, rows]) => [u, rows.length]));
  const testLengths = new Map<number, number>();
  for (const rows of groupByUnit(data.test).values()) {
    testLengths.set(rows.length, (testLengths.get(rows.length) ?? 0) + 1);
  }
  const p50 = samples.map((s) => s.p50);
  const truth = samples.map((s) => s.truth);
  const observed = samples.map((s, i) => (life.get(sampleUnits[i] as number) ?? 0) - s.truth);
  return {
    everyCycle: weightedFigures(
      p50,
      truth,
      samples.map(() => 1),
    ),
    testLengths: weightedFigures(
      p50,
      truth,
      observed.map((c) => testLengths.get(c) ?? 0),
    ),
    units,
    members: used,
  };
}
