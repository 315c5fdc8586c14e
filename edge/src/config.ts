import { readFileSync } from 'node:fs';
import { AppError, fieldIssues, IdSchema } from '@pdm/shared';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  BrokerConnectionSchema,
  DetectorConfigSchema,
  DurationSchema,
  EmbeddedUserSchema,
  ModelConfigSchema,
  RuleSchema,
  SensorLimitsSchema,
} from './config-schema.js';

export * from './config-schema.js';

export const EdgeConfigSchema = z
  .object({
    gatewayId: IdSchema,
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Where telemetry comes from (JSON and Sparkplug B). */
    source: BrokerConnectionSchema.extend({
      qos: z.union([z.literal(0), z.literal(1)]).default(0),
      /** false keeps a broker session (with a fixed clientId and qos 1) so telemetry queues while the agent restarts. */
      cleanSession: z.boolean().default(true),
      sparkplug: z.boolean().default(true),
      /** Sparkplug edge node id -> site id; nodes not listed use their group id as the site. */
      sparkplugSites: z.record(IdSchema, IdSchema).default({}),
    }),
    /** Where alerts and gateway status go: always its own connection, even to the same broker. */
    uplink: BrokerConnectionSchema.partial({ url: true })
      .extend({
        /** Optional HTTP fallback: alerts are POSTed here while MQTT has been down longer than `after`. */
        http: z
          .object({
            url: z.string().url(),
            token: z.string().optional(),
            after: DurationSchema.default(30_000),
          })
          .strict()
          .optional(),
        retryMin: DurationSchema.default(500),
        retryMax: DurationSchema.default(60_000),
        inflight: z.number().int().min(1).max(1000).default(32),
        statusInterval: DurationSchema.default(30_000),
        /** Keep each alert until the cloud's receipt (false: until the broker's PUBACK). */
        receipts: z.boolean().default(true),
        /** An alert the broker acknowledged without a receipt this long after is sent again (backoff up to 8x). */
        receiptTimeout: DurationSchema.default(30_000),
      })
      .prefault({}),
    storage: z
      .object({
        /** Directory for edge.db; or give `outboxPath` (`:memory:` for tests). */
        dataDir: z.string().min(1).default('./.pdm-data'),
        outboxPath: z.string().min(1).optional(),
        /** Soft cap on the database: above it telemetry rollups are deleted, oldest first; alerts are kept. */
        maxBytes: z
          .number()
          .int()
          .min(1_000_000)
          .default(512 * 2 ** 20),
        /** Hard cap on undelivered alert events; beyond it only open/cleared are kept, updates dropped. */
        maxAlertRows: z.number().int().min(100).default(200_000),
        rollupRetention: DurationSchema.default(7 * 86_400_000),
      })
      .strict()
      .prefault({}),
    /** Per-sensor valid ranges; readings outside are rejected as out_of_range. */
    sensors: z.record(IdSchema, SensorLimitsSchema).default({}),
    /** Readings outside this range are rejected for every sensor. */
    defaultLimits: SensorLimitsSchema.prefault({ min: -1e9, max: 1e9 }),
    assets: z
      .array(z.object({ id: IdSchema, type: IdSchema, site: IdSchema.optional() }).strict())
      .default([]),
    features: z
      .object({
        window: DurationSchema.default(600_000),
        capacity: z.number().int().min(8).max(100_000).default(128),
      })
      .strict()
      .prefault({}),
    ingest: z
      .object({
        /** Samples dated further than this ahead of the gateway clock are rejected. */
        maxFutureSkew: DurationSchema.default(300_000),
        maxPayloadBytes: z.number().int().min(256).default(1_048_576),
        deadLetterSamples: z.number().int().min(0).max(10_000).default(100),
      })
      .strict()
      .prefault({}),
    rules: z.array(RuleSchema).default([]),
    detectors: z.array(DetectorConfigSchema).default([]),
    models: z.array(ModelConfigSchema).default([]),
    /** Model windows are scored in batches of up to `size`, at least every `every` of wall time. */
    modelBatch: z
      .object({
        size: z.number().int().min(1).max(100_000).default(512),
        every: DurationSchema.default(1_000),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        /** After an alert clears, the same asset and failure mode stays quiet this long (event time). */
        cooldown: DurationSchema.default(300_000),
        /** Send an update at most this often while a score keeps worsening (event time); 0 = only on severity change. */
        updateEvery: DurationSchema.default(0),
        /** Also put the last this-many 1-minute rollup means of each evidence sensor in the evidence, as `<sensor>_1m`. */
        evidenceMinutes: z.number().int().min(0).max(5_000).default(0),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535) })
      .strict()
      .optional(),
    influx: z
      .object({
        url: z.string().url(),
        token: z.string().default(''),
        org: z.string().min(1),
        bucket: z.string().min(1),
        flushInterval: DurationSchema.default(10_000),
      })
      .strict()
      .optional(),
    /** Run an embedded MQTT broker for devices that have none. */
    broker: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(1883),
        allowAnonymous: z.boolean().default(false),
        users: z.array(EmbeddedUserSchema).default([]),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', message: `duplicate rule id "${r.id}"`, path: ['rules', i, 'id'] });
      seen.add(r.id);
    });
    c.models.forEach((m, i) => {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', message: `duplicate id "${m.id}"`, path: ['models', i, 'id'] });
      seen.add(m.id);
    });
    c.detectors.forEach((d, i) => {
      if (seen.has(d.id))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate rule/detector id "${d.id}"`,
          path: ['detectors', i, 'id'],
        });
      seen.add(d.id);
    });
  });

export type EdgeConfig = z.infer<typeof EdgeConfigSchema>;
export type EdgeConfigInput = z.input<typeof EdgeConfigSchema>;

/** Environment overrides: `PDM_EDGE_<NAME>` sets the config path on the right. */
export const ENV_OVERRIDES: Readonly<
  Record<string, { path: string[]; type: 'string' | 'number' | 'boolean' }>
> = {
  GATEWAY_ID: { path: ['gatewayId'], type: 'string' },
  LOG_LEVEL: { path: ['logLevel'], type: 'string' },
  SOURCE_URL: { path: ['source', 'url'], type: 'string' },
  SOURCE_USERNAME: { path: ['source', 'username'], type: 'string' },
  SOURCE_PASSWORD: { path: ['source', 'password'], type: 'string' },
  UPLINK_URL: { path: ['uplink', 'url'], type: 'string' },
  UPLINK_USERNAME: { path: ['uplink', 'username'], type: 'string' },
  UPLINK_PASSWORD: { path: ['uplink', 'password'], type: 'string' },
  DATA_DIR: { path: ['storage', 'dataDir'], type: 'string' },
  OUTBOX_PATH: { path: ['storage', 'outboxPath'], type: 'string' },
  METRICS_PORT: { path: ['metrics', 'port'], type: 'number' },
  METRICS_HOST: { path: ['metrics', 'host'], type: 'string' },
  INFLUX_URL: { path: ['influx', 'url'], type: 'string' },
  INFLUX_TOKEN: { path: ['influx', 'token'], type: 'string' },
  INFLUX_ORG: { path: ['influx', 'org'], type: 'string' },
  INFLUX_BUCKET: { path: ['influx', 'bucket'], type: 'string' },
  BROKER_PORT: { path: ['broker', 'port'], type: 'number' },
  BROKER_HOST: { path: ['broker', 'host'], type: 'string' },
};
/** Read by the CLI, not part of the file. */
const CLI_ONLY = new Set(['CONFIG']);

/** Validate a config object, throwing an AppError whose message names each bad path. */
export function parseEdgeConfig(raw: unknown, origin = 'edge config'): EdgeConfig {
  const result = EdgeConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error);
  const lines = issues.slice(0, 20).map((i) => `  ${i.path}: ${i.message}`);
  throw new AppError('VALIDATION_FAILED', `invalid ${origin}:\n${lines.join('\n')}`, { issues });
}

/** Read a YAML or JSON file, apply `PDM_EDGE_*` overrides from `env`, validate. */
export function loadEdgeConfig(
  path: string,
  env: Record<string, string | undefined> = process.env,
): EdgeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `cannot read edge config ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new AppError(
      'VALIDATION_FAILED',
      `edge config ${path} is not valid YAML/JSON: ${(err as Error).message}`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('VALIDATION_FAILED', `edge config ${path} must hold a mapping at the top level`);
  }
  return parseEdgeConfig(applyEnvOverrides(raw as Record<string, unknown>, env), `edge config ${path}`);
}

/** Copy of `raw` with every `PDM_EDGE_<NAME>` variable applied; unknown names are an error. */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('PDM_EDGE_') || value === undefined) continue;
    const name = key.slice('PDM_EDGE_'.length);
    if (CLI_ONLY.has(name)) continue;
    const spec = ENV_OVERRIDES[name];
    if (!spec) {
      const known = Object.keys(ENV_OVERRIDES).map((k) => `PDM_EDGE_${k}`);
      throw new AppError(
        'VALIDATION_FAILED',
        `unknown environment variable ${key}; known: ${known.join(', ')}`,
      );
    }
    setPath(out, spec.path, coerce(key, value, spec.type));
  }
  return out;
}

function coerce(key: string, value: string, type: 'string' | 'number' | 'boolean'): unknown {
  if (type === 'string') return value;
  if (type === 'boolean') {
    if (value === 'true' || value === 'false') return value === 'true';
    throw new AppError('VALIDATION_FAILED', `${key} must be true or false, got "${value}"`);
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new AppError('VALIDATION_FAILED', `${key} must be a number, got "${value}"`);
  }
  return n;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (next === undefined || next === null || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}
