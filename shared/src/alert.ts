import { z } from 'zod';
import { IdSchema, UlidSchema } from './ids.js';
import { EpochMsSchema, FiniteSchema } from './time.js';

export const ALERT_SOURCES = ['rule', 'anomaly', 'rul'] as const;
export const ALERT_STATES = ['open', 'update', 'cleared'] as const;
export const SEVERITIES = ['info', 'warning', 'major', 'critical'] as const;
export const MAX_EVIDENCE_SENSORS = 32;
export const MAX_EVIDENCE_POINTS = 5_000;

export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Rank of a severity: higher is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export const EvidencePointSchema = z.tuple([EpochMsSchema, FiniteSchema]);
export type EvidencePoint = z.infer<typeof EvidencePointSchema>;

export const EvidenceSchema = z
  .record(IdSchema, z.array(EvidencePointSchema).max(MAX_EVIDENCE_POINTS))
  .refine(
    (e) => Object.keys(e).length <= MAX_EVIDENCE_SENSORS,
    `evidence may cover at most ${MAX_EVIDENCE_SENSORS} sensors`,
  );
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Predicted failure time as a distribution, so plans can use the pessimistic end. */
export const PredictedFailureSchema = z
  .object({ p10: EpochMsSchema, p50: EpochMsSchema, p90: EpochMsSchema })
  .strict()
  .refine((p) => p.p10 <= p.p50 && p.p50 <= p.p90, 'quantiles must satisfy p10 <= p50 <= p90');
export type PredictedFailure = z.infer<typeof PredictedFailureSchema>;

/** An alert minted at the edge. Idempotent by `id`: the cloud stores each id once. */
export const AlertSchema = z
  .object({
    id: UlidSchema,
    gatewayId: IdSchema,
    siteId: IdSchema,
    assetId: IdSchema,
    source: z.enum(ALERT_SOURCES),
    ruleOrModel: IdSchema,
    version: z.string().min(1).max(64),
    failureMode: IdSchema,
    severity: SeveritySchema,
    state: z.enum(ALERT_STATES),
    openedAt: EpochMsSchema,
    observedAt: EpochMsSchema,
    score: FiniteSchema,
    threshold: FiniteSchema,
    predictedFailureAt: PredictedFailureSchema.optional(),
    message: z.string().max(500).optional(),
    evidence: EvidenceSchema,
  })
  .strict()
  .refine((a) => a.observedAt >= a.openedAt, {
    message: 'observedAt must not be before openedAt',
    path: ['observedAt'],
  });
export type Alert = z.infer<typeof AlertSchema>;
export type AlertState = Alert['state'];
export type AlertSource = Alert['source'];
