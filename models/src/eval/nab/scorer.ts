/**
 * The NAB scoring rules (EVALUATION.md §2): per-row weights from the anomaly windows, per-file
 * raw scores at a threshold, one corpus-wide threshold per profile, and normalisation.
 * Pure: callers supply timestamps, window limits and detector scores.
 */

export interface CostProfile {
  readonly tp: number;
  readonly fn: number;
  readonly fp: number;
}

export const NAB_PROFILES = {
  standard: { tp: 1, fn: 1, fp: 0.11 },
  reward_low_FP_rate: { tp: 1, fn: 1, fp: 0.22 },
  reward_low_FN_rate: { tp: 1, fn: 2, fp: 0.11 },
} as const satisfies Record<string, CostProfile>;
export type NabProfileName = keyof typeof NAB_PROFILES;
export const NAB_PROFILE_NAMES = Object.keys(NAB_PROFILES) as NabProfileName[];

/** Where each row sits: the probation flag, the window it belongs to (-1 outside), its position weight. */
export interface RowLayout {
  readonly probation: number;
  /** Window index per row, -1 outside every window. */
  readonly windowOf: Int32Array;
  readonly windowCount: number;
  /** Unweighted position score per row: f(p)/f(-1) inside windows, f(p) (or -1) outside. */
  readonly position: Float64Array;
}

export interface FileScore {
  raw: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** f(p) = -1 beyond 3 window widths past a window, else 2 sigma(-5p) - 1. */
export function scaledSigmoid(p: number): number {
  return p > 3 ? -1 : 2 * sigmoid(-5 * p) - 1;
}

/** First `min(floor(0.15 n), 750)` rows are probationary. */
export function probationRows(n: number): number {
  return Math.min(Math.floor(0.15 * n), 750);
}

/** Row index ranges [left, right] of windows given as [start, end] times (inclusive). */
export function windowIndexRanges(
  times: ArrayLike<number>,
  windows: readonly (readonly [number, number])[],
): [number, number][] {
  const out: [number, number][] = [];
  for (const [start, end] of windows) {
    let left = -1;
    let right = -1;
    for (let i = 0; i < times.length; i++) {
      const t = times[i] as number;
      if (left < 0 && t >= start) left = i;
      if (t <= end) right = i;
    }
    if (left >= 0 && right >= left) out.push([left, right]);
  }
  return out;
}

/** Per-row layout for a file of `n` rows with windows as index ranges, in time order. */
export function rowLayout(n: number, ranges: readonly (readonly [number, number])[]): RowLayout {
  const windowOf = new Int32Array(n).fill(-1);
  const position = new Float64Array(n);
  const maxTp = scaledSigmoid(-1);
  let prevRight = -1;
  let prevWidth = 0;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const range = ranges[w];
    if (range && i >= range[0] && i <= range[1]) {
      const width = range[1] - range[0] + 1;
      windowOf[i] = w;
      position[i] = scaledSigmoid(-(range[1] - i + 1) / width) / maxTp;
      if (i === range[1]) {
        prevRight = range[1];
        prevWidth = width;
        w++;
      }
    } else {
      position[i] = prevRight < 0 ? -1 : scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
    }
  }
  return { probation: probationRows(n), windowOf, windowCount: ranges.length, position };
}

/** Weighted score of row i under a profile. */
export function rowScore(layout: RowLayout, i: number, profile: CostProfile): number {
  const p = layout.position[i] as number;
  return (layout.windowOf[i] as number) >= 0 ? p * profile.tp : p * profile.fp;
}

/** Raw score and row counts of one file at `threshold` (a row with score >= threshold is a detection). */
export function scoreFile(
  layout: RowLayout,
  scores: ArrayLike<number>,
  opts: { threshold: number; profile: CostProfile },
): FileScore {
  const best = new Array<number>(layout.windowCount).fill(-opts.profile.fn);
  const out: FileScore = { raw: 0, tp: 0, fp: 0, fn: 0, tn: 0 };
  let fpSum = 0;
  for (let i = layout.probation; i < scores.length; i++) {
    const detected = (scores[i] as number) >= opts.threshold;
    const w = layout.windowOf[i] as number;
    if (w >= 0) {
      if (detected) best[w] = Math.max(best[w] as number, rowScore(layout, i, opts.profile));
      if (detected) out.tp++;
      else out.fn++;
    } else if (detected) {
      fpSum += rowScore(layout, i, opts.profile);
      out.fp++;
    } else {
      out.tn++;
    }
  }
  out.raw = fpSum + best.reduce((a, b) => a + b, 0);
  return out;
}

/**
 * Each row's contribution to the file's raw score at a threshold, laid out as NAB's result files
 * do: a window's final score (its earliest detection, or -A_FN) sits on the window's first row,
 * each false positive on its own row, everything else is 0. The contributions sum to the raw score.
 */
export function rowContributions(
  layout: RowLayout,
  scores: ArrayLike<number>,
  opts: { threshold: number; profile: CostProfile },
): Float64Array {
  const out = new Float64Array(scores.length);
  const firstRow = new Map<number, number>();
  const best = new Array<number>(layout.windowCount).fill(-opts.profile.fn);
  for (let i = layout.probation; i < scores.length; i++) {
    const w = layout.windowOf[i] as number;
    if (w >= 0 && !firstRow.has(w)) firstRow.set(w, i);
    if ((scores[i] as number) < opts.threshold) continue;
    if (w < 0) out[i] = rowScore(layout, i, opts.profile);
    else best[w] = Math.max(best[w] as number, rowScore(layout, i, opts.profile));
  }
  for (const [w, i] of firstRow) out[i] = best[w] as number;
  return out;
}

export interface ScoredFile {
  readonly layout: RowLayout;
  readonly scores: ArrayLike<number>;
}

/**
 * The threshold that maximises the summed raw score over all files: candidates are every
 * emitted score plus 1.1 (never detect). Ties go to the highest threshold.
 */
export function optimiseThreshold(
  files: readonly ScoredFile[],
  profile: CostProfile,
): { threshold: number; raw: number } {
  const rows = collectRows(files, profile);
  rows.order.sort((a, b) => (rows.score[b] as number) - (rows.score[a] as number));
  const best = new Float64Array(rows.windows).fill(-profile.fn);
  let total = -profile.fn * rows.windows;
  let winner = { threshold: 1.1, raw: total };
  let k = 0;
  while (k < rows.order.length) {
    const threshold = rows.score[rows.order[k] as number] as number;
    while (k < rows.order.length && rows.score[rows.order[k] as number] === threshold) {
      const r = rows.order[k++] as number;
      const w = rows.window[r] as number;
      const s = rows.weight[r] as number;
      if (w < 0) total += s;
      else if (s > (best[w] as number)) {
        total += s - (best[w] as number);
        best[w] = s;
      }
    }
    if (total > winner.raw + 1e-12) winner = { threshold, raw: total };
  }
  return winner;
}

function collectRows(files: readonly ScoredFile[], profile: CostProfile) {
  const score: number[] = [];
  const weight: number[] = [];
  const window: number[] = [];
  let windows = 0;
  for (const f of files) {
    for (let i = f.layout.probation; i < f.scores.length; i++) {
      const w = f.layout.windowOf[i] as number;
      score.push(f.scores[i] as number);
      weight.push(rowScore(f.layout, i, profile));
      window.push(w >= 0 ? windows + w : -1);
    }
    windows += f.layout.windowCount;
  }
  const order = Array.from({ length: score.length }, (_, i) => i);
  return { score, weight, window, windows, order };
}

/** `100 (raw - null) / (perfect - null)`, perfect = windows * A_TP, null = -windows * A_FN. */
export function normaliseScore(raw: number, windows: number, profile: CostProfile): number {
  const perfect = windows * profile.tp;
  const nullScore = -windows * profile.fn;
  return perfect === nullScore ? 0 : (100 * (raw - nullScore)) / (perfect - nullScore);
}
