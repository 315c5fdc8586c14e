import type { OnlineDetector } from '../../detectors/detector.js';
import {
  type CostProfile,
  NAB_PROFILE_NAMES,
  NAB_PROFILES,
  type NabProfileName,
  normaliseScore,
  optimiseThreshold,
  type RowLayout,
  rowLayout,
  scoreFile,
  windowIndexRanges,
} from './scorer.js';

/** A series to score: times in ms, values, and its anomaly windows as [start, end] times. */
export interface LabelledSeries {
  readonly name: string;
  readonly category: string;
  readonly times: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly windows: readonly (readonly [number, number])[];
}

export interface ProfileResult {
  threshold: number;
  raw: number;
  score: number;
  byCategory: Record<string, number>;
  byFile: Record<string, number>;
}

export type NabResult = Record<NabProfileName, ProfileResult>;

/** Runs a fresh detector over each series, row by row, and returns its scores. */
export function runDetector(series: LabelledSeries, detector: OnlineDetector): Float64Array {
  detector.reset();
  const out = new Float64Array(series.values.length);
  for (let i = 0; i < out.length; i++) {
    const s = detector.update(series.times[i] as number, series.values[i] as number);
    out[i] = Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 0;
  }
  return out;
}

/** Scores already-computed detector output over a corpus for the three NAB profiles. */
export function scoreCorpus(
  series: readonly LabelledSeries[],
  scores: readonly ArrayLike<number>[],
): NabResult {
  const layouts = series.map((s) => rowLayout(s.times.length, windowIndexRanges(s.times, s.windows)));
  const files = layouts.map((layout, i) => ({ layout, scores: scores[i] as ArrayLike<number> }));
  const out = {} as NabResult;
  for (const name of NAB_PROFILE_NAMES) {
    const profile = NAB_PROFILES[name];
    const { threshold } = optimiseThreshold(files, profile);
    const raws = files.map((f) => scoreFile(f.layout, f.scores, { threshold, profile }).raw);
    out[name] = summarise({ series, layouts, raws, profile, threshold });
  }
  return out;
}

function summarise(input: {
  series: readonly LabelledSeries[];
  layouts: readonly RowLayout[];
  raws: readonly number[];
  profile: CostProfile;
  threshold: number;
}): ProfileResult {
  const { series, layouts, raws, profile, threshold } = input;
  const byFile: Record<string, number> = {};
  const cat: Record<string, { raw: number; windows: number }> = {};
  let raw = 0;
  let windows = 0;
  series.forEach((s, i) => {
    const r = raws[i] as number;
    const w = (layouts[i] as RowLayout).windowCount;
    byFile[s.name] = r;
    const c = cat[s.category] ?? { raw: 0, windows: 0 };
    cat[s.category] = c;
    c.raw += r;
    c.windows += w;
    raw += r;
    windows += w;
  });
  const byCategory = Object.fromEntries(
    Object.entries(cat).map(([k, v]) => [k, normaliseScore(v.raw, v.windows, profile)]),
  );
  return { threshold, raw, score: normaliseScore(raw, windows, profile), byCategory, byFile };
}

/** Normalised scores of published per-file raw scores over the same files (same window counts). */
export function normalisePublished(
  series: readonly LabelledSeries[],
  published: Record<NabProfileName, Map<string, number>>,
): Record<NabProfileName, number> {
  const out = {} as Record<NabProfileName, number>;
  for (const name of NAB_PROFILE_NAMES) {
    let raw = 0;
    let windows = 0;
    for (const s of series) {
      raw += published[name].get(s.name) ?? Number.NaN;
      windows += windowIndexRanges(s.times, s.windows).length;
    }
    out[name] = normaliseScore(raw, windows, NAB_PROFILES[name]);
  }
  return out;
}
