import * as tf from '@tensorflow/tfjs';
import { scaleVector } from '../features/asset-windows.js';
import { type LoadedArtifact, loadArtifact } from './artifact.js';
import { type AnomalyFeatureSpec, assertFeatureSpec, ModelCardError } from './card.js';

/** Artifact name of an asset type's anomaly model: `centrifugal_pump` -> `anomaly-centrifugal-pump`. */
export const anomalyArtifactName = (assetType: string): string => `anomaly-${assetType.replaceAll('_', '-')}`;

/**
 * Serves a per-asset-type autoencoder: window feature vectors in, reconstruction errors and scores
 * out, in batches. score = error / (error + threshold): 0.5 exactly at the calibrated threshold.
 */
export class AnomalyScorer {
  private constructor(
    private readonly artifact: LoadedArtifact,
    readonly spec: AnomalyFeatureSpec,
    readonly threshold: number,
  ) {}

  static async load(dir: string, expected: Partial<AnomalyFeatureSpec> = {}): Promise<AnomalyScorer> {
    const artifact = await loadArtifact(dir);
    const { card } = artifact;
    if (card.task !== 'anomaly' || card.features.kind !== 'window-features' || card.threshold === undefined) {
      throw new ModelCardError(`not an anomaly model with a threshold: ${dir}`, [`task ${card.task}`]);
    }
    assertFeatureSpec(card, expected);
    return new AnomalyScorer(artifact, card.features, card.threshold);
  }

  get card() {
    return this.artifact.card;
  }

  /** Reconstruction error of each raw (unscaled) window vector. */
  errors(vectors: readonly number[][]): number[] {
    if (vectors.length === 0) return [];
    const rows = vectors.map((v) => scaleVector(v, this.spec.scaler));
    return tf.tidy(() => {
      const x = tf.tensor2d(rows);
      const y = this.artifact.model.predict(x) as tf.Tensor;
      return Array.from(tf.mean(tf.square(y.sub(x)), 1).dataSync());
    });
  }

  scores(vectors: readonly number[][]): number[] {
    return this.errors(vectors).map((e) => e / (e + this.threshold));
  }

  dispose(): void {
    this.artifact.model.dispose();
  }
}
