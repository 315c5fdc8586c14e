import { z } from 'zod';
import { RulFeatureSpecSchema } from '../features/rul-spec.js';

/** Feature spec of a per-asset-type anomaly model: which window features of which sensors, scaled how. */
export const AnomalyFeatureSpecSchema = z.object({
  kind: z.literal('window-features'),
  assetType: z.string().min(1),
  sensors: z.array(z.string().min(1)).min(1),
  features: z.array(z.string().min(1)).min(1),
  /** Window length in seconds of event time. */
  windowSeconds: z.number().positive(),
  scaler: z.object({ mean: z.array(z.number()), std: z.array(z.number().positive()) }),
});
export type AnomalyFeatureSpec = z.infer<typeof AnomalyFeatureSpecSchema>;

export const FeatureSpecSchema = z.discriminatedUnion('kind', [
  RulFeatureSpecSchema,
  AnomalyFeatureSpecSchema,
]);
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>;

/**
 * Widening (or narrowing) of a RUL model's p10 and p90 learnt on held-out training units, per band
 * of the predicted p50: p10 - lower and p90 + upper, in cycles. See `src/train/rul-calibration.ts`.
 */
export const IntervalCalibrationSchema = z.object({
  method: z.string().min(1),
  /** Nominal share of true (capped) RUL values inside [p10, p90] after calibration. */
  level: z.number().gt(0).lt(1),
  bins: z
    .array(
      z.object({
        /** The bin applies from this p50 (cycles) up to the next bin's. */
        fromP50: z.number().nonnegative(),
        lower: z.number(),
        upper: z.number(),
        windows: z.number().int().positive(),
      }),
    )
    .min(1)
    .refine(
      (b) => b[0]?.fromP50 === 0 && b.every((x, i) => i === 0 || x.fromP50 > (b[i - 1]?.fromP50 ?? 0)),
      {
        message: 'bins must start at 0 and increase',
      },
    ),
  units: z.number().int().positive(),
  windows: z.number().int().positive(),
  note: z.string(),
  /** The command that fitted it, when it ran after training. */
  command: z.string().optional(),
});
export type IntervalCalibration = z.infer<typeof IntervalCalibrationSchema>;

/** The model card stored as `card.json` beside `model.json` and its weights. */
export const ModelCardSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.string().regex(/^[A-Za-z0-9._-]+$/),
  task: z.enum(['rul', 'anomaly']),
  createdAt: z.string(),
  dataset: z.object({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), rows: z.number().int() }),
  features: FeatureSpecSchema,
  /** Anomaly models: reconstruction error at or above which a window is anomalous. */
  threshold: z.number().optional(),
  metrics: z.record(z.string(), z.number()),
  seed: z.number().int(),
  training: z.object({
    seconds: z.number().nonnegative(),
    backend: z.string(),
    config: z.record(z.string(), z.unknown()),
    command: z.string(),
  }),
  /** Set when this version was derived from another, e.g. by retraining on labels. */
  parent: z.object({ version: z.string(), reason: z.string() }).optional(),
  feedback: z.record(z.string(), z.unknown()).optional(),
  /** RUL models: conformal correction of the p10-p90 band, applied by RulPredictor. */
  intervalCalibration: IntervalCalibrationSchema.optional(),
});
export type ModelCard = z.infer<typeof ModelCardSchema>;

export class ModelCardError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(`${message}: ${issues.join('; ')}`);
    this.name = 'ModelCardError';
  }
}

/** Validates a parsed card, with every problem named by its path. */
export function parseModelCard(raw: unknown, where = 'card.json'): ModelCard {
  const r = ModelCardSchema.safeParse(raw);
  if (!r.success) {
    throw new ModelCardError(
      `invalid model card ${where}`,
      r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return r.data;
}

/**
 * Refuses a model whose feature spec differs from what the caller will feed it. Only the fields
 * the caller states are compared, each difference is listed.
 */
export function assertFeatureSpec(card: ModelCard, expected: Record<string, unknown>): void {
  const actual = card.features as Record<string, unknown>;
  const issues = Object.entries(expected)
    .filter(([k, v]) => JSON.stringify(actual[k]) !== JSON.stringify(v))
    .map(
      ([k, v]) =>
        `${k}: model ${card.name}@${card.version} has ${JSON.stringify(actual[k])}, caller gives ${JSON.stringify(v)}`,
    );
  if (issues.length > 0) throw new ModelCardError('feature spec mismatch', issues);
}
