import * as tf from '@tensorflow/tfjs';
import type { RulWindows } from '../features/rul-spec.js';
import type { ProgressBar } from './progress.js';
import { shuffled } from './random.js';
import { rulLoss } from './rul-model.js';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation RMSE before stopping. */
  patience: number;
  cap: number;
  random: () => number;
  progress?: ProgressBar;
  /** Checked after each epoch: true stops training (a time budget). */
  shouldStop?: () => boolean;
}

export interface FitResult {
  bestEpoch: number;
  epochsRun: number;
  validationRmse: number;
}

function batchTensors(data: RulWindows, idx: readonly number[], shape: [number, number]) {
  const size = shape[0] * shape[1];
  const x = new Float32Array(idx.length * size);
  const y = new Float32Array(idx.length);
  idx.forEach((i, k) => {
    x.set(data.x.subarray(i * size, (i + 1) * size), k * size);
    y[k] = (data.y[i] as number) / 1;
  });
  return { x: tf.tensor3d(x, [idx.length, shape[0], shape[1]]), y: tf.tensor1d(y) };
}

/** Point predictions (in cycles) of a model over windows, in batches. */
export function predictPoints(
  model: tf.LayersModel,
  data: RulWindows,
  opts: { shape: [number, number]; cap: number },
): Float32Array {
  const out = new Float32Array(data.count);
  const all = Array.from({ length: data.count }, (_, i) => i);
  for (let s = 0; s < data.count; s += 2048) {
    const idx = all.slice(s, s + 2048);
    const { x, y } = batchTensors(data, idx, opts.shape);
    const p = tf.tidy(() => (model.predict(x) as tf.Tensor).slice([0, 0], [-1, 1]).mul(opts.cap));
    out.set(p.dataSync(), s);
    tf.dispose([x, y, p]);
  }
  return out;
}

function validationRmse(model: tf.LayersModel, val: RulWindows, o: { shape: [number, number]; cap: number }) {
  const p = predictPoints(model, val, o);
  let s = 0;
  for (let i = 0; i < val.count; i++) s += ((p[i] as number) - (val.y[i] as number)) ** 2;
  return Math.sqrt(s / val.count);
}

/** Trains with Adam on shuffled mini-batches, keeping the weights of the best validation epoch. */
export async function fitRul(
  model: tf.LayersModel,
  data: { train: RulWindows; val: RulWindows; shape: [number, number] },
  o: FitOptions,
): Promise<FitResult> {
  const optimizer = tf.train.adam(o.learningRate);
  const shape = data.shape;
  let best = { rmse: Number.POSITIVE_INFINITY, epoch: 0, weights: [] as tf.Tensor[] };
  let epoch = 0;
  const scaled: RulWindows = { ...data.train, y: data.train.y.map((v) => v / o.cap) };
  for (epoch = 1; epoch <= o.epochs && epoch - best.epoch <= o.patience; epoch++) {
    const order = shuffled(
      Array.from({ length: scaled.count }, (_, i) => i),
      o.random,
    );
    let lossSum = 0;
    let batches = 0;
    for (let s = 0; s < order.length; s += o.batchSize) {
      const { x, y } = batchTensors(scaled, order.slice(s, s + o.batchSize), shape);
      const loss = optimizer.minimize(
        () => rulLoss(y, model.apply(x, { training: true }) as tf.Tensor),
        true,
      ) as tf.Scalar;
      lossSum += (await loss.data())[0] as number;
      batches++;
      tf.dispose([x, y, loss]);
      o.progress?.update({
        epoch,
        fraction: Math.min(1, (s + o.batchSize) / order.length) * 0.999,
        loss: lossSum / batches,
      });
    }
    const rmse = validationRmse(model, data.val, { shape, cap: o.cap });
    o.progress?.update({ epoch, fraction: 1, loss: lossSum / batches, extra: `val RMSE ${rmse.toFixed(2)}` });
    if (rmse < best.rmse) {
      tf.dispose(best.weights);
      best = { rmse, epoch, weights: model.getWeights().map((w) => w.clone()) };
    }
    if (o.shouldStop?.()) {
      epoch++;
      break;
    }
  }
  model.setWeights(best.weights);
  tf.dispose(best.weights);
  optimizer.dispose();
  return { bestEpoch: best.epoch, epochsRun: epoch - 1, validationRmse: best.rmse };
}
