import * as tf from '@tensorflow/tfjs';
import type { CmapssSubset } from '../datasets/cmapss.js';
import { featureCount, type RulFeatureSpec, type RulWindows, trainingWindows } from '../features/rul-spec.js';
import type { IntervalCalibration } from '../runtime/card.js';
import { toDistribution } from '../runtime/rul-predictor.js';
import { memberSplit, type RulTrainConfig } from './rul.js';

/** One held-out window: the band predicted without having seen its unit, and its capped true RUL. */
export interface CalibrationSample {
  p10: number;
  p50: number;
  p90: number;
  truth: number;
}

/** The k-th smallest value with k = ceil((n + 1) q), the finite-sample conformal quantile. */
export function conformalQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const k = Math.min(sorted.length, Math.ceil((sorted.length + 1) * q));
  return sorted[Math.max(0, k - 1)] ?? 0;
}

/**
 * Split-conformal quantile regression with separate tails, per band of predicted p50 (Mondrian):
 * `lower` is the level-quantile of p10 - truth and `upper` of truth - p90, each tail at
 * (1 - level) / 2, so p10 - lower and p90 + upper each leave that share out. Bins are the p50
 * bands starting at `edges`; a bin with fewer than `minWindows` samples joins its lower neighbour.
 * Pure.
 */
export function fitIntervalCalibration(
  samples: readonly CalibrationSample[],
  o: { level: number; edges: readonly number[]; minWindows: number },
): Pick<IntervalCalibration, 'level' | 'bins' | 'windows'> {
  const tail = 1 - (1 - o.level) / 2;
  const groups = o.edges.map((from, i) => ({
    from,
    items: samples.filter((s) => s.p50 >= from && s.p50 < (o.edges[i + 1] ?? Number.POSITIVE_INFINITY)),
  }));
  const merged: typeof groups = [];
  for (const g of groups) {
    const prev = merged.at(-1);
    if (prev && (g.items.length < o.minWindows || prev.items.length < o.minWindows)) {
      prev.items = [...prev.items, ...g.items];
    } else merged.push({ ...g });
  }
  const bins = merged
    .filter((g) => g.items.length > 0)
    .map((g, i) => ({
      fromP50: i === 0 ? 0 : g.from,
      lower: conformalQuantile(
        g.items.map((s) => s.p10 - s.truth),
        tail,
      ),
      upper: conformalQuantile(
        g.items.map((s) => s.truth - s.p90),
        tail,
      ),
      windows: g.items.length,
    }));
  return { level: o.level, bins, windows: samples.length };
}

/**
 * The members of a merged ensemble (`mergeEnsemble`) as one model with an output per member;
 * a single model is its own only member.
 */
export function memberOutputsModel(model: tf.LayersModel): tf.LayersModel {
  const last = model.layers.at(-1);
  if (last?.getClassName() !== 'Average') return model;
  const inputs = last.input;
  return tf.model({ inputs: model.inputs, outputs: Array.isArray(inputs) ? inputs : [inputs] });
}

function predictMembers(model: tf.LayersModel, w: RulWindows, shape: [number, number]): Float32Array[] {
  const members = memberOutputsModel(model);
  const size = shape[0] * shape[1];
  const out: Float32Array[] = [];
  for (let s = 0; s < w.count; s += 4096) {
    const n = Math.min(4096, w.count - s);
    const chunk = tf.tidy(() => {
      const y = members.predict(tf.tensor3d(w.x.subarray(s * size, (s + n) * size), [n, ...shape]));
      return (Array.isArray(y) ? y : [y]).map((t) => t.dataSync() as Float32Array);
    });
    chunk.forEach((c, m) => {
      const all = out[m] ?? new Float32Array(w.count * 3);
      all.set(c, s * 3);
      out[m] = all;
    });
  }
  return out;
}

/**
 * Out-of-fold calibration samples of a trained ensemble: every training window (a trajectory
 * truncated at that cycle, as the test files are) of every unit that some member held out, scored
 * by the mean of only the members that held it out. Units every member trained on are left out.
 * The truth is the RUL capped at `truthCap` (default: the model's own cap; Infinity: uncapped);
 * `members` keeps only the first members (to compare ensembles of the same size).
 */
export function outOfFoldSamples(
  model: tf.LayersModel,
  data: CmapssSubset,
  spec: RulFeatureSpec,
  cfg: Pick<RulTrainConfig, 'seed' | 'validationShare'>,
  o: { truthCap?: number; members?: number } = {},
): { samples: CalibrationSample[]; sampleUnits: number[]; units: number; members: number } {
  const w = trainingWindows(data.train, { ...spec, cap: o.truthCap ?? spec.cap });
  const outputs = predictMembers(model, w, [spec.window, featureCount(spec)]).slice(0, o.members);
  const heldOut = outputs.map((_, m) => memberSplit(w.units, cfg, m).val);
  const samples: CalibrationSample[] = [];
  const sampleUnits: number[] = [];
  const units = new Set<number>();
  const raw = new Float32Array(3);
  for (let i = 0; i < w.count; i++) {
    const unit = w.units[i] as number;
    const by = outputs.filter((_, m) => heldOut[m]?.has(unit));
    if (by.length === 0) continue;
    units.add(unit);
    for (let k = 0; k < 3; k++) raw[k] = by.reduce((a, o) => a + (o[i * 3 + k] as number), 0) / by.length;
    samples.push({ ...toDistribution(raw, 0, spec.cap), truth: w.y[i] as number });
    sampleUnits.push(unit);
  }
  return { samples, sampleUnits, units: units.size, members: outputs.length };
}

export const CALIBRATION_LEVEL = 0.8;

/** Calibrates a trained ensemble's p10-p90 band on its members' held-out training units. */
export function calibrateEnsemble(
  model: tf.LayersModel,
  data: CmapssSubset,
  spec: RulFeatureSpec,
  cfg: Pick<RulTrainConfig, 'seed' | 'validationShare'>,
): IntervalCalibration {
  const { samples, units, members } = outOfFoldSamples(model, data, spec, cfg);
  const fitted = fitIntervalCalibration(samples, {
    level: CALIBRATION_LEVEL,
    edges: [0, spec.cap / 3, (2 * spec.cap) / 3],
    minWindows: 200,
  });
  return {
    method: 'split-conformal quantile regression, two tails, per p50 band, out-of-fold',
    ...fitted,
    units,
    note:
      `${units} training units held out by at least one of ${members} members; each truncated at every ` +
      'cycle and scored by the mean of the members that never trained on it (they chose their best ' +
      'epoch on it). Truth is the capped RUL the model is trained on. Fewer members average less ' +
      'noise away than the whole ensemble, so the widening errs wide.',
  };
}
