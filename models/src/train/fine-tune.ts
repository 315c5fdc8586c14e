import type * as tf from '@tensorflow/tfjs';
import { type AssetWindow, quantile, scaleVector } from '../features/asset-windows.js';
import { fitAutoencoder, reconstructionErrors } from './anomaly.js';
import { seededRandom, shuffled } from './random.js';

export interface FineTuneConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Share of each epoch's rows that are false-alarm windows (repeated as needed). */
  falseAlarmShare: number;
  /** Threshold = quantile of held-out healthy errors times margin, as in training. */
  quantile: number;
  margin: number;
  seed: number;
}

export const DEFAULT_FINE_TUNE: FineTuneConfig = {
  epochs: 8,
  batchSize: 128,
  learningRate: 0.001,
  falseAlarmShare: 0.2,
  quantile: 0.999,
  margin: 1.2,
  seed: 13,
};

/**
 * Continues training an autoencoder on its healthy data plus windows that technicians found healthy
 * (confirmed false alarms), so it learns to reconstruct them, then recalibrates the threshold on
 * held-out healthy windows the way training did. The scaler stays as it was (the feature spec does
 * not change). Mutates `model`.
 */
export async function fineTuneAutoencoder(
  model: tf.LayersModel,
  scaler: { mean: number[]; std: number[] },
  data: { healthy: AssetWindow[]; falseAlarms: AssetWindow[]; heldOut: AssetWindow[] },
  cfg: FineTuneConfig,
): Promise<{ threshold: number; metrics: Record<string, number> }> {
  const healthy = data.healthy.map((w) => scaleVector(w.vector, scaler));
  const alarms = data.falseAlarms.map((w) => scaleVector(w.vector, scaler));
  const errorsBefore = reconstructionErrors(model, alarms);
  const repeats =
    alarms.length === 0
      ? 0
      : Math.max(
          1,
          Math.round((cfg.falseAlarmShare * healthy.length) / ((1 - cfg.falseAlarmShare) * alarms.length)),
        );
  const rows = shuffled(
    [...healthy, ...Array.from({ length: repeats }, () => alarms).flat()],
    seededRandom(cfg.seed),
  );
  const history = await fitAutoencoder(model, rows, cfg);
  const heldErrors = reconstructionErrors(
    model,
    data.heldOut.map((w) => scaleVector(w.vector, scaler)),
  );
  const threshold = quantile(heldErrors, cfg.quantile) * cfg.margin;
  const errorsAfter = reconstructionErrors(model, alarms);
  const losses = history.history.loss as number[];
  return {
    threshold,
    metrics: {
      healthyWindows: healthy.length,
      falseAlarmWindows: alarms.length,
      falseAlarmRepeats: repeats,
      finalLoss: losses[losses.length - 1] ?? Number.NaN,
      falseAlarmErrorMedianBefore: quantile(errorsBefore, 0.5),
      falseAlarmErrorMedianAfter: quantile(errorsAfter, 0.5),
      heldOutWindows: heldErrors.length,
      heldOutAlarmRate: heldErrors.filter((e) => e >= threshold).length / Math.max(1, heldErrors.length),
    },
  };
}
