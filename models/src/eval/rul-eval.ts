import type { CmapssSubset } from '../datasets/cmapss.js';
import { lastWindows } from '../features/rul-spec.js';
import type { RulDistribution, RulPredictor } from '../runtime/rul-predictor.js';
import { intervalCoverage, nasaScore, rmse } from './rul-metrics.js';

/** The cap of EVALUATION.md §1 that published figures compare against, whatever the model's own. */
export const RUL_PROTOCOL_CAP = 125;

export interface RulTestMetrics {
  /** Against the true RUL as given (RUL_FD00x.txt). */
  rmse: number;
  nasa: number;
  /** Against the true RUL capped at 125 (RUL_PROTOCOL_CAP), as most published figures are. */
  rmseCapped: number;
  nasaCapped: number;
  /** Share of test units whose true RUL (as given) lies within [p10, p90]. */
  coverage80: number;
  /** The same against the true RUL capped at the model's own cap, the quantity it is trained and calibrated on. */
  coverage80Capped: number;
  /** Share of test units whose true RUL is at least p10 (the pessimistic estimate is not late). */
  p10NotLate: number;
  units: number;
}

/** Scores the last window of each test unit, as the literature does. */
export function evaluateRul(
  predictor: RulPredictor,
  data: CmapssSubset,
): { metrics: RulTestMetrics; predictions: RulDistribution[] } {
  const w = lastWindows(data.test, predictor.spec, data.testRul);
  const predictions = predictor.predictWindows(w.x, w.count);
  const p50 = predictions.map((p) => p.p50);
  const truth = Array.from(w.y);
  const capped = truth.map((t) => Math.min(t, RUL_PROTOCOL_CAP));
  const ownCap = truth.map((t) => Math.min(t, predictor.spec.cap));
  return {
    metrics: {
      rmse: rmse(p50, truth),
      nasa: nasaScore(p50, truth),
      rmseCapped: rmse(p50, capped),
      nasaCapped: nasaScore(p50, capped),
      coverage80: intervalCoverage(
        predictions.map((p) => p.p10),
        predictions.map((p) => p.p90),
        truth,
      ),
      coverage80Capped: intervalCoverage(
        predictions.map((p) => p.p10),
        predictions.map((p) => p.p90),
        ownCap,
      ),
      p10NotLate: truth.filter((t, i) => t >= (predictions[i] as RulDistribution).p10).length / truth.length,
      units: truth.length,
    },
    predictions,
  };
}
