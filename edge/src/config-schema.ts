import { ALARM_THRESHOLDS, ContextOptionsSchema } from '@pdm/models/online';
import { IdSchema, SeveritySchema } from '@pdm/shared';
import { z } from 'zod';

/** A duration: milliseconds, or a string such as `500ms`, `30s`, `10m`, `2h`, `1d`. */
export const DurationSchema = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'must be a duration such as 30s, 10m or 2h')
    .transform(parseDuration),
]);

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new RangeError(`not a duration: ${text}`);
  return Math.round(Number(m[1]) * (UNIT_MS[m[2] as string] as number));
}

const MqttUrlSchema = z
  .string()
  .regex(/^(mqtts?|wss?|tcp):\/\/[^\s]+$/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL');

export const BrokerConnectionSchema = z
  .object({
    url: MqttUrlSchema,
    username: z.string().min(1).optional(),
    password: z.string().optional(),
    clientId: z.string().min(1).max(128).optional(),
    keepaliveSeconds: z.number().int().min(1).max(3600).default(30),
  })
  .strict();

/** Which assets a rule applies to: all when every list is absent. */
export const AssetMatchSchema = z
  .object({
    types: z.array(IdSchema).optional(),
    ids: z.array(IdSchema).optional(),
    /** Glob on asset ids: `*` matches any run of characters, e.g. `pump-*`. */
    pattern: z
      .string()
      .regex(/^[A-Za-z0-9_*-]{1,64}$/, 'must be an id glob such as pump-*')
      .optional(),
    sites: z.array(IdSchema).optional(),
  })
  .strict();

export const RULE_FEATURES = ['value', 'mean', 'rms', 'std', 'kurtosis', 'slope'] as const;

const EscalationSchema = z.object({ at: z.number(), severity: SeveritySchema }).strict();

const RuleBase = {
  id: IdSchema,
  version: z.string().min(1).max(64).default('1'),
  enabled: z.boolean().default(true),
  match: AssetMatchSchema.default({}),
  sensor: IdSchema,
  failureMode: IdSchema,
  severity: SeveritySchema.default('warning'),
  /** Raise the severity as the value worsens: `[{at: 9, severity: critical}]`. */
  escalate: z.array(EscalationSchema).max(8).default([]),
  message: z.string().max(300).optional(),
};

const LevelFields = {
  feature: z.enum(RULE_FEATURES).default('value'),
  above: z.number().optional(),
  below: z.number().optional(),
  /** Hysteresis: an open alert clears only once the value is back below / above this. */
  clearBelow: z.number().optional(),
  clearAbove: z.number().optional(),
};

function checkLevels(
  r: { above?: number; below?: number; clearBelow?: number; clearAbove?: number },
  ctx: z.RefinementCtx,
): void {
  if ((r.above === undefined) === (r.below === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'set exactly one of above or below', path: ['above'] });
    return;
  }
  if (r.above !== undefined && r.clearAbove !== undefined)
    ctx.addIssue({ code: 'custom', message: 'an "above" rule clears with clearBelow', path: ['clearAbove'] });
  if (r.below !== undefined && r.clearBelow !== undefined)
    ctx.addIssue({ code: 'custom', message: 'a "below" rule clears with clearAbove', path: ['clearBelow'] });
  if (r.above !== undefined && r.clearBelow !== undefined && r.clearBelow > r.above)
    ctx.addIssue({ code: 'custom', message: 'clearBelow must not exceed above', path: ['clearBelow'] });
  if (r.below !== undefined && r.clearAbove !== undefined && r.clearAbove < r.below)
    ctx.addIssue({ code: 'custom', message: 'clearAbove must not be under below', path: ['clearAbove'] });
}

/** Fires as soon as the level is crossed (or, with `for`, once it stayed crossed that long). */
const ThresholdRuleSchema = z
  .object({ kind: z.literal('threshold'), ...RuleBase, ...LevelFields, for: DurationSchema.default(0) })
  .strict()
  .superRefine(checkLevels);

/** Level crossed and held for `for` of event time, e.g. vib_rms above 7.1 for 10m. */
const SustainedRuleSchema = z
  .object({ kind: z.literal('sustained'), ...RuleBase, ...LevelFields, for: DurationSchema })
  .strict()
  .superRefine(checkLevels);

/** Rate of change: least-squares slope over `window`, in sensor units per minute. */
const RateRuleSchema = z
  .object({
    kind: z.literal('rate'),
    ...RuleBase,
    window: DurationSchema,
    risePerMinute: z.number().positive().optional(),
    fallPerMinute: z.number().positive().optional(),
    minPoints: z.number().int().min(2).default(3),
  })
  .strict()
  .refine((r) => r.risePerMinute !== undefined || r.fallPerMinute !== undefined, {
    message: 'set risePerMinute or fallPerMinute',
    path: ['risePerMinute'],
  });

/** No sample for `after` of event time (the gateway's newest event time is the reference). */
const MissingRuleSchema = z
  .object({ kind: z.literal('missing'), ...RuleBase, after: DurationSchema })
  .strict();

export const RuleSchema = z.discriminatedUnion('kind', [
  ThresholdRuleSchema,
  SustainedRuleSchema,
  RateRuleSchema,
  MissingRuleSchema,
]);
export type Rule = z.infer<typeof RuleSchema>;
export type LevelRule = Extract<Rule, { kind: 'threshold' | 'sustained' }>;
export type RateRule = Extract<Rule, { kind: 'rate' }>;
export type MissingRule = Extract<Rule, { kind: 'missing' }>;

/**
 * Alarm levels per detector kind, used where the config leaves them out (the detectors' own alarm
 * levels from @pdm/models): `ewma-z` scores a level (6 sigma, three scores in a row), `context`
 * scores an event (one high score, then it damps itself).
 */
const DETECTOR_DEFAULTS = {
  'ewma-z': { openScore: ALARM_THRESHOLDS['ewma-z'], clearScore: 0.5, consecutive: 3 },
  context: { openScore: ALARM_THRESHOLDS.context, clearScore: 0.3, consecutive: 1 },
} as const;

const DetectorFieldsSchema = z
  .object({
    id: IdSchema,
    version: z.string().min(1).max(64).default('1'),
    /**
     * `ewma-z`: the robust EWMA z-score (cheap, for level shifts and spikes); `context`: novelty of
     * the recent context of values (scores 65.8 on NAB against ewma-z's lower; keeps `window`
     * values per sensor, 2,000 by default: about 56 kB of heap each). Both from @pdm/models, no training.
     */
    kind: z.enum(['ewma-z', 'context']).default('ewma-z'),
    /** ewma-z: smoothing of the baseline (memory about 2/alpha samples), warm-up samples, winsorising clip in spreads. */
    alpha: z.number().gt(0).lt(1).default(0.02),
    warmup: z.number().int().min(1).max(100_000).default(30),
    clip: z.number().positive().default(4),
    /** context: its options (bins, orders, window, warmup, refractory...), defaults from @pdm/models. */
    context: ContextOptionsSchema.default({}),
    match: AssetMatchSchema.default({}),
    sensors: z.array(IdSchema).min(1),
    failureMode: IdSchema.default('anomaly'),
    severity: SeveritySchema.default('warning'),
    /** Open when the score stays at or above this for `consecutive` samples; clear below `clearScore`. */
    openScore: z.number().gt(0).max(1),
    clearScore: z.number().min(0).lt(1),
    consecutive: z.number().int().min(1).max(1000),
    minPoints: z.number().int().min(1).default(30),
    escalate: z.array(EscalationSchema).max(8).default([]),
  })
  .strict()
  .refine((d) => d.clearScore < d.openScore, {
    message: 'clearScore must be below openScore',
    path: ['clearScore'],
  });

/** A statistical detector from @pdm/models run on every sample of matching sensors. */
export const DetectorConfigSchema = z.preprocess((value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const kind = (value as { kind?: unknown }).kind;
  const defaults = kind === 'context' ? DETECTOR_DEFAULTS.context : DETECTOR_DEFAULTS['ewma-z'];
  return { ...defaults, ...value };
}, DetectorFieldsSchema);
export type DetectorConfig = z.infer<typeof DetectorConfigSchema>;

export const SensorLimitsSchema = z
  .object({ min: z.number(), max: z.number(), unit: z.string().max(32).optional() })
  .strict()
  .refine((s) => s.min < s.max, { message: 'min must be below max', path: ['min'] });

export const EmbeddedUserSchema = z
  .object({
    username: z.string().min(1).max(128),
    password: z.string().min(1),
    /** Topic filters this user may publish to / subscribe to (MQTT wildcards allowed). */
    publish: z.array(z.string().min(1)).default([]),
    subscribe: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type EmbeddedUser = z.infer<typeof EmbeddedUserSchema>;

/** A tfjs anomaly model (an artifact directory from @pdm/models) scoring tumbling windows per asset. */
export const AnomalyModelConfigSchema = z
  .object({
    id: IdSchema,
    kind: z.literal('anomaly').default('anomaly'),
    /** Artifact directory holding model.json, weights and card.json. */
    path: z.string().min(1),
    match: AssetMatchSchema.default({}),
    failureMode: IdSchema.default('anomaly'),
    severity: SeveritySchema.default('warning'),
    /** score = error / (error + threshold): 0.5 at the model's calibrated threshold. */
    openScore: z.number().gt(0).lt(1).default(0.6),
    clearScore: z.number().gt(0).lt(1).default(0.45),
    consecutive: z.number().int().min(1).max(100).default(2),
    escalate: z.array(EscalationSchema).max(8).default([]),
  })
  .strict()
  .refine((m) => m.clearScore < m.openScore, {
    message: 'clearScore must be below openScore',
    path: ['clearScore'],
  });
export type AnomalyModelConfig = z.infer<typeof AnomalyModelConfigSchema>;

/**
 * A tfjs RUL model (a C-MAPSS-style artifact from @pdm/models) scoring every cycle (sample) of
 * each matching asset on the window of cycles its card asks for. Alerts when the pessimistic
 * remaining life (p10, in cycles) falls below `horizon`.
 */
export const RulModelConfigSchema = z
  .object({
    id: IdSchema,
    kind: z.literal('rul'),
    path: z.string().min(1),
    match: AssetMatchSchema.default({}),
    failureMode: IdSchema.default('degradation'),
    severity: SeveritySchema.default('warning'),
    /** Open when p10 (cycles) is below this for `consecutive` cycles. */
    horizon: z.number().positive(),
    /** Clear once p10 is back above this (cycles); 1.2 x horizon by default. */
    clearAbove: z.number().positive().optional(),
    consecutive: z.number().int().min(1).max(100).default(3),
    /** Severity steps as p10 falls: `[{at: 15, severity: critical}]` applies at p10 <= 15 cycles. */
    escalate: z.array(EscalationSchema).max(8).default([]),
    /** Event time of one cycle, to turn cycles into `predictedFailureAt`; default: the median
     * interval between the asset's samples in the model's window. */
    cycleDuration: DurationSchema.optional(),
    /** Reading names: card sensor n is `${sensorPrefix}${n}`; the three operating settings. */
    sensorPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{0,32}$/, 'must be a sensor id prefix')
      .default('sensor_'),
    settings: z.array(IdSchema).length(3).default(['op_setting_1', 'op_setting_2', 'op_setting_3']),
    /** Cycles an asset must have sent before it is scored; the card's window by default. */
    minCycles: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((m) => m.clearAbove === undefined || m.clearAbove >= m.horizon, {
    message: 'clearAbove must not be below horizon',
    path: ['clearAbove'],
  });
export type RulModelConfig = z.infer<typeof RulModelConfigSchema>;

/** `kind` defaults to `anomaly`. */
export const ModelConfigSchema = z.discriminatedUnion('kind', [
  AnomalyModelConfigSchema,
  RulModelConfigSchema,
]);
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
