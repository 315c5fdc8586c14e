import type * as tf from '@tensorflow/tfjs';
import type { CmapssSubset } from '../datasets/cmapss.js';
import { CMAPSS_SENSORS, fitConditionCentres, fitConditionScaler } from '../features/cmapss.js';
import {
  featureCount,
  lastWindows,
  type RulFeatureSpec,
  type RulWindows,
  trainingWindows,
} from '../features/rul-spec.js';
import { fitRul } from './fit-rul.js';
import type { ProgressBar } from './progress.js';
import { seededRandom, shuffled } from './random.js';
import { buildRulModel, type RulArchitecture } from './rul-model.js';

export interface RulTrainConfig {
  window: number;
  cap: number;
  smoothing: number;
  architecture: RulArchitecture;
  units: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  /** Share of training units held out for early stopping. */
  validationShare: number;
  /** Append the cycle count divided by this to every row (0 = no). */
  cycleScale: number;
  /** Members of the ensemble, each with its own seed and validation split. */
  members: number;
  seed: number;
}

export const DEFAULT_RUL_CONFIG: Record<string, Partial<RulTrainConfig>> = {
  FD001: { window: 30 },
  FD002: { window: 20 },
};

export const BASE_RUL_CONFIG: RulTrainConfig = {
  window: 30,
  cap: 125,
  smoothing: 1,
  architecture: 'gru',
  units: 48,
  epochs: 40,
  batchSize: 256,
  learningRate: 0.002,
  patience: 6,
  validationShare: 0.15,
  cycleScale: 0,
  members: 1,
  seed: 1,
};

/** Fits the condition clusters and per-condition scaler on training rows only. */
export function fitFeatureSpec(data: CmapssSubset, cfg: RulTrainConfig): RulFeatureSpec {
  const centres = fitConditionCentres(data.train.map((r) => r.settings));
  const scaler = fitConditionScaler(data.train, CMAPSS_SENSORS, centres);
  return {
    kind: 'cmapss-window',
    sensors: [...CMAPSS_SENSORS],
    window: cfg.window,
    cap: cfg.cap,
    smoothing: cfg.smoothing,
    ...(cfg.cycleScale > 0 ? { cycleScale: cfg.cycleScale } : {}),
    scaler,
  };
}

function splitByUnit(all: RulWindows, valUnits: Set<number>, width: number): [RulWindows, RulWindows] {
  const pick = (keep: (u: number) => boolean): RulWindows => {
    const idx = all.units.map((u, i) => (keep(u) ? i : -1)).filter((i) => i >= 0);
    const x = new Float32Array(idx.length * width);
    idx.forEach((i, k) => {
      x.set(all.x.subarray(i * width, (i + 1) * width), k * width);
    });
    return {
      x,
      y: Float32Array.from(idx, (i) => all.y[i] as number),
      units: idx.map((i) => all.units[i] as number),
      count: idx.length,
    };
  };
  return [pick((u) => !valUnits.has(u)), pick((u) => valUnits.has(u))];
}

export interface TrainedMember {
  model: tf.LayersModel;
  seed: number;
  bestEpoch: number;
  epochsRun: number;
  validationRmse: number;
}

/**
 * The units a member holds out for early stopping (never trained on), and the generator that then
 * shuffles its batches: a pure function of the seed, so the split can be rebuilt after training.
 */
export function memberSplit(
  windowUnits: readonly number[],
  cfg: Pick<RulTrainConfig, 'seed' | 'validationShare'>,
  member: number,
): { seed: number; random: () => number; val: Set<number> } {
  const seed = cfg.seed + member * 1000;
  const random = seededRandom(seed);
  const units = [...new Set(windowUnits)];
  const val = new Set(
    shuffled(units, random).slice(0, Math.max(1, Math.round(units.length * cfg.validationShare))),
  );
  return { seed, random, val };
}

/** Trains one ensemble member on its own split of the training units. */
export async function trainMember(
  input: { data: CmapssSubset; spec: RulFeatureSpec; windows: RulWindows },
  cfg: RulTrainConfig,
  opts: { member: number; progress?: ProgressBar; shouldStop?: () => boolean },
): Promise<TrainedMember> {
  const { seed, random, val } = memberSplit(input.windows.units, cfg, opts.member);
  const features = featureCount(input.spec);
  const [train, validation] = splitByUnit(input.windows, val, cfg.window * features);
  const model = buildRulModel({
    architecture: cfg.architecture,
    window: cfg.window,
    features,
    units: cfg.units,
    seed,
  });
  const fit = await fitRul(
    model,
    { train, val: validation, shape: [cfg.window, features] },
    {
      ...cfg,
      random,
      ...(opts.progress ? { progress: opts.progress } : {}),
      ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}),
    },
  );
  return { model, seed, ...fit };
}

export { lastWindows, trainingWindows };
