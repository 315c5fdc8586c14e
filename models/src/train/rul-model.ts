import * as tf from '@tensorflow/tfjs';

export type RulArchitecture = 'gru' | 'dense';

export interface RulModelOptions {
  architecture: RulArchitecture;
  window: number;
  features: number;
  units: number;
  seed: number;
}

/**
 * Three outputs per window: the point estimate (trained with squared error, served as p50) and
 * the 10% and 90% quantiles (pinball loss). Targets are RUL / cap.
 */
export function buildRulModel(o: RulModelOptions): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: o.seed * 97 + k });
  const model = tf.sequential();
  if (o.architecture === 'gru') {
    model.add(
      tf.layers.gru({
        inputShape: [o.window, o.features],
        units: o.units,
        kernelInitializer: init(1),
        recurrentInitializer: tf.initializers.orthogonal({ seed: o.seed * 97 + 2, gain: 1 }),
      }),
    );
  } else {
    model.add(tf.layers.flatten({ inputShape: [o.window, o.features] }));
    model.add(tf.layers.dense({ units: o.units * 2, activation: 'relu', kernelInitializer: init(1) }));
  }
  model.add(tf.layers.dense({ units: o.units, activation: 'relu', kernelInitializer: init(3) }));
  model.add(tf.layers.dense({ units: 3, kernelInitializer: init(4) }));
  return model;
}

const QUANTILES = [0.1, 0.9] as const;

/** Squared error on output 0 plus pinball losses on outputs 1 and 2. */
export function rulLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const y = yTrue.reshape([-1, 1]);
    const point = yPred.slice([0, 0], [-1, 1]);
    let loss = tf.mean(tf.square(point.sub(y)));
    QUANTILES.forEach((q, k) => {
      const e = y.sub(yPred.slice([0, k + 1], [-1, 1]));
      loss = loss.add(tf.mean(tf.maximum(e.mul(q), e.mul(q - 1))));
    });
    return loss as tf.Scalar;
  });
}

/** One model whose output is the mean of the members' outputs (the members' layers are reused). */
export function mergeEnsemble(
  members: readonly tf.LayersModel[],
  inputShape: [number, number],
): tf.LayersModel {
  const first = members[0];
  if (!first) throw new Error('empty ensemble');
  if (members.length === 1) return first;
  const input = tf.input({ shape: inputShape });
  const outputs = members.map((m) => {
    let h: tf.SymbolicTensor = input;
    for (const layer of m.layers) h = layer.apply(h) as tf.SymbolicTensor;
    return h;
  });
  return tf.model({ inputs: input, outputs: tf.layers.average().apply(outputs) as tf.SymbolicTensor });
}
