/** RUL metrics of EVALUATION.md §1, d = predicted - true. Pure. */

export function rmse(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += ((predicted[i] as number) - (truth[i] as number)) ** 2;
  return Math.sqrt(s / truth.length);
}

/** NASA asymmetric score: late predictions (d >= 0) cost more than early ones. */
export function nasaScore(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) {
    const d = (predicted[i] as number) - (truth[i] as number);
    s += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
  }
  return s;
}

/** Share of true values inside [low, high]. */
export function intervalCoverage(
  low: ArrayLike<number>,
  high: ArrayLike<number>,
  truth: ArrayLike<number>,
): number {
  let inside = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as number;
    if (t >= (low[i] as number) && t <= (high[i] as number)) inside++;
  }
  return truth.length === 0 ? 0 : inside / truth.length;
}
