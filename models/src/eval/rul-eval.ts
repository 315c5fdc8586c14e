import type { CmapssSubset } from '../datasets/cmapss.js';
import { lastWindows } from '../features/rul-spec.js';
import type { RulDistribution, RulPredictor } from '../runtime/rul-predictor.js';
import { intervalCoverage, nasaScore, rmse } from './rul-metrics.js';

export interface RulTestMetrics {
  rmse: number;
  nasa: number;
  /** Share of test units whose true RUL lies within [p10, p90]. */
  coverage80: number;
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
  return {
    metrics: {
      rmse: rmse(p50, truth),
      nasa: nasaScore(p50, truth),
      coverage80: intervalCoverage(
        predictions.map((p) => p.p10),
        predictions.map((p) => p.p90),
        truth,
      ),
      p10NotLate: truth.filter((t, i) => t >= (predictions[i] as RulDistribution).p10).length / truth.length,
      units: truth.length,
    },
    predictions,
  };
}
