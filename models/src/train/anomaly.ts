import * as tf from '@tensorflow/tfjs';
import { type AssetWindow, fitVectorScaler, quantile, scaleVector } from '../features/asset-windows.js';
import { seededRandom, shuffled } from './random.js';

export interface AutoencoderConfig {
  hidden: number;
  bottleneck: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Quantile of held-out healthy reconstruction errors used as the threshold, times `margin`. */
  quantile: number;
  margin: number;
  seed: number;
}

export const DEFAULT_AUTOENCODER: AutoencoderConfig = {
  hidden: 16,
  bottleneck: 4,
  epochs: 40,
  batchSize: 128,
  learningRate: 0.005,
  quantile: 0.999,
  margin: 1.2,
  seed: 11,
};

export function buildAutoencoder(inputs: number, cfg: AutoencoderConfig): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: cfg.seed * 31 + k });
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [inputs],
        units: cfg.hidden,
        activation: 'tanh',
        kernelInitializer: init(1),
      }),
      tf.layers.dense({ units: cfg.bottleneck, activation: 'tanh', kernelInitializer: init(2) }),
      tf.layers.dense({ units: cfg.hidden, activation: 'tanh', kernelInitializer: init(3) }),
      tf.layers.dense({ units: inputs, kernelInitializer: init(4) }),
    ],
  });
}

/** Mean squared reconstruction error of each (already scaled) row. */
/** Fits an autoencoder to reproduce `rows` (already shuffled; order kept for determinism). */
export async function fitAutoencoder(
  model: tf.LayersModel,
  rows: readonly number[][],
  cfg: { epochs: number; batchSize: number; learningRate: number },
): Promise<tf.History> {
  model.compile({ optimizer: tf.train.adam(cfg.learningRate), loss: 'meanSquaredError' });
  const x = tf.tensor2d(rows as number[][]);
  try {
    return await model.fit(x, x, {
      epochs: cfg.epochs,
      batchSize: cfg.batchSize,
      shuffle: false,
      verbose: 0,
    });
  } finally {
    x.dispose();
  }
}

export function reconstructionErrors(model: tf.LayersModel, rows: readonly number[][]): number[] {
  if (rows.length === 0) return [];
  return tf.tidy(() => {
    const x = tf.tensor2d(rows as number[][]);
    const y = model.predict(x) as tf.Tensor;
    return Array.from(tf.mean(tf.square(y.sub(x)), 1).dataSync());
  });
}

export interface TrainedAutoencoder {
  model: tf.LayersModel;
  scaler: { mean: number[]; std: number[] };
  threshold: number;
  metrics: Record<string, number>;
}

/** Trains on `train` windows, calibrates the threshold on `heldOut` (healthy assets not trained on). */
export async function trainAutoencoder(
  data: { train: AssetWindow[]; heldOut: AssetWindow[] },
  cfg: AutoencoderConfig,
): Promise<TrainedAutoencoder> {
  const scaler = fitVectorScaler(data.train.map((w) => w.vector));
  const rows = shuffled(
    data.train.map((w) => scaleVector(w.vector, scaler)),
    seededRandom(cfg.seed),
  );
  const model = buildAutoencoder(rows[0]?.length ?? 0, cfg);
  const history = await fitAutoencoder(model, rows, cfg);
  const trainErrors = reconstructionErrors(model, rows);
  const heldErrors = reconstructionErrors(
    model,
    data.heldOut.map((w) => scaleVector(w.vector, scaler)),
  );
  const threshold = quantile(heldErrors, cfg.quantile) * cfg.margin;
  const losses = history.history.loss as number[];
  return {
    model,
    scaler,
    threshold,
    metrics: {
      trainWindows: rows.length,
      heldOutWindows: heldErrors.length,
      finalLoss: losses[losses.length - 1] ?? Number.NaN,
      trainErrorP99: quantile(trainErrors, 0.99),
      heldOutErrorP99: quantile(heldErrors, 0.99),
      heldOutErrorMax: Math.max(...heldErrors),
      heldOutAlarmRate: heldErrors.filter((e) => e >= threshold).length / Math.max(1, heldErrors.length),
    },
  };
}
