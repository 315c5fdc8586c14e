import * as tf from '@tensorflow/tfjs';
import type { CmapssRow } from '../features/cmapss.js';
import { featureCount, lastWindows, type RulFeatureSpec } from '../features/rul-spec.js';
import { type LoadedArtifact, loadArtifact } from './artifact.js';
import { assertFeatureSpec, type IntervalCalibration, ModelCardError } from './card.js';

/** Remaining useful life in cycles as a distribution; p10 is the pessimistic estimate to plan on. */
export interface RulDistribution {
  p10: number;
  p50: number;
  p90: number;
}

/** Turns the model's raw outputs (point, q10, q90 as a share of the cap) into ordered quantiles. */
export function toDistribution(raw: ArrayLike<number>, offset: number, cap: number): RulDistribution {
  const point = Math.max(0, (raw[offset] as number) * cap);
  const low = Math.max(0, (raw[offset + 1] as number) * cap);
  const high = Math.max(0, (raw[offset + 2] as number) * cap);
  return { p10: Math.min(low, point), p50: point, p90: Math.max(high, point) };
}

/**
 * Applies a card's interval calibration: the bin is chosen by p50, p10 moves down by `lower` and
 * p90 up by `upper` (negative values narrow), kept ordered around p50 and non-negative.
 */
export function calibrateInterval(d: RulDistribution, c: IntervalCalibration | undefined): RulDistribution {
  if (!c) return d;
  let bin = c.bins[0];
  for (const b of c.bins) if (d.p50 >= b.fromP50) bin = b;
  if (!bin) return d;
  return {
    p10: Math.max(0, Math.min(d.p50, d.p10 - bin.lower)),
    p50: d.p50,
    p90: Math.max(d.p50, d.p90 + bin.upper),
  };
}

/** Serves a C-MAPSS-style RUL model in batches: one distribution per unit's latest window. */
export class RulPredictor {
  private constructor(
    private readonly artifact: LoadedArtifact,
    readonly spec: RulFeatureSpec,
  ) {}

  static async load(dir: string, expected: Partial<RulFeatureSpec> = {}): Promise<RulPredictor> {
    const artifact = await loadArtifact(dir);
    const spec = artifact.card.features;
    if (artifact.card.task !== 'rul' || spec.kind !== 'cmapss-window') {
      throw new ModelCardError(`not a RUL model: ${dir}`, [
        `task ${artifact.card.task}, features ${spec.kind}`,
      ]);
    }
    assertFeatureSpec(artifact.card, expected);
    return new RulPredictor(artifact, spec);
  }

  get card() {
    return this.artifact.card;
  }

  /** Latest-window RUL of each unit (rows of one unit each, any length >= 1), batched. */
  predictUnits(units: readonly (readonly CmapssRow[])[]): RulDistribution[] {
    const rows = units.flatMap((u, i) => u.map((r) => ({ ...r, unit: i })));
    const w = lastWindows(rows, this.spec);
    return this.predictWindows(w.x, w.count);
  }

  /** Raw windows (count x window x sensors, already scaled) to distributions. */
  predictWindows(x: Float32Array, count: number): RulDistribution[] {
    if (count === 0) return [];
    const shape: [number, number, number] = [count, this.spec.window, featureCount(this.spec)];
    const out = tf.tidy(() => (this.artifact.model.predict(tf.tensor3d(x, shape)) as tf.Tensor).dataSync());
    const calibration = this.artifact.card.intervalCalibration;
    return Array.from({ length: count }, (_, i) =>
      calibrateInterval(toDistribution(out, i * 3, this.spec.cap), calibration),
    );
  }

  dispose(): void {
    this.artifact.model.dispose();
  }
}
