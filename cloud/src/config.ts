import { fieldIssues, HOUR, IdSchema, MINUTE } from '@pdm/shared';
import { z } from 'zod';

const GatewayKeySchema = z
  .object({ gatewayId: IdSchema, key: z.string().min(16, 'must be at least 16 characters') })
  .strict();

export const CloudConfigSchema = z
  .object({
    /** Where the SQLite database lives when no database URL is given. */
    dataDir: z.string().min(1).default('.pdm-data/cloud'),
    /** `postgres://...`, a SQLite file path, or `:memory:`; empty means `<dataDir>/cloud.db`. */
    databaseUrl: z.string().min(1).optional(),
    /** SQLite: how long a write waits for another writer's lock before answering 503. */
    databaseBusyTimeoutMs: z.number().int().min(0).max(60_000).default(5_000),
    host: z.string().min(1).default('127.0.0.1'),
    /** 0 picks a free port. */
    port: z.number().int().min(0).max(65_535).default(8080),
    /** Where the service says it is reachable; defaults to http://host:port. */
    publicUrl: z.string().url().optional(),
    mqtt: z
      .object({
        url: z.string().regex(/^(mqtts?|wss?|tcp):\/\//, 'must be an mqtt://, mqtts://, ws:// or wss:// URL'),
        username: z.string().optional(),
        password: z.string().optional(),
        /** Several instances with the same group share the alert stream (`$share/<group>/...`). */
        shareGroup: IdSchema.optional(),
        clientId: z.string().max(64).optional(),
      })
      .strict()
      .optional(),
    bootstrap: z
      .object({
        /** Creates user `admin` with this password on first start. */
        adminPassword: z.string().min(8, 'must be at least 8 characters').optional(),
        gatewayKeys: z.array(GatewayKeySchema).default([]),
      })
      .strict()
      .default({ gatewayKeys: [] }),
    policy: z
      .object({
        autoApprove: z.boolean().default(false),
        autoApproveMinCriticality: z.number().int().min(1).max(5).default(4),
        autoApproveMinConfidence: z.number().min(0).max(1).default(0.8),
        autoCancelOnClear: z.boolean().default(false),
        safetyMarginMs: z
          .number()
          .int()
          .nonnegative()
          .default(24 * HOUR),
        proposalSlaMs: z
          .number()
          .int()
          .positive()
          .default(24 * HOUR),
      })
      .strict()
      .default({
        autoApprove: false,
        autoApproveMinCriticality: 4,
        autoApproveMinConfidence: 0.8,
        autoCancelOnClear: false,
        safetyMarginMs: 24 * HOUR,
        proposalSlaMs: 24 * HOUR,
      }),
    jobs: z
      .object({
        enabled: z.boolean().default(true),
        escalationCron: z.string().default('* * * * *'),
        staleGatewayCron: z.string().default('*/15 * * * * *'),
        gatewayStaleAfterMs: z
          .number()
          .int()
          .positive()
          .default(2 * MINUTE),
      })
      .strict()
      .default({
        enabled: true,
        escalationCron: '* * * * *',
        staleGatewayCron: '*/15 * * * * *',
        gatewayStaleAfterMs: 2 * MINUTE,
      }),
    http: z
      .object({
        bodyLimitBytes: z.number().int().positive().default(1_048_576),
        tokenTtlMs: z
          .number()
          .int()
          .positive()
          .default(12 * HOUR),
        /** Requests per client (token, key or address) per window. */
        rateLimitMax: z.number().int().positive().default(600),
        rateLimitWindowMs: z.number().int().positive().default(MINUTE),
        /** Login attempts per address per window. */
        loginRateLimitMax: z.number().int().positive().default(20),
      })
      .strict()
      .default({
        bodyLimitBytes: 1_048_576,
        tokenTtlMs: 12 * HOUR,
        rateLimitMax: 600,
        rateLimitWindowMs: MINUTE,
        loginRateLimitMax: 20,
      }),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict();

export type CloudConfig = z.infer<typeof CloudConfigSchema>;
export type CloudConfigInput = z.input<typeof CloudConfigSchema>;

/** Environment variables and the config path each sets. */
export const ENV_VARS = {
  PDM_CLOUD_DATA_DIR: 'dataDir',
  PDM_CLOUD_DATABASE_URL: 'databaseUrl',
  PDM_CLOUD_DATABASE_BUSY_TIMEOUT_MS: 'databaseBusyTimeoutMs',
  PDM_CLOUD_HOST: 'host',
  PDM_CLOUD_PORT: 'port',
  PDM_CLOUD_PUBLIC_URL: 'publicUrl',
  PDM_CLOUD_MQTT_URL: 'mqtt.url',
  PDM_CLOUD_MQTT_USERNAME: 'mqtt.username',
  PDM_CLOUD_MQTT_PASSWORD: 'mqtt.password',
  PDM_CLOUD_MQTT_SHARE_GROUP: 'mqtt.shareGroup',
  PDM_CLOUD_MQTT_CLIENT_ID: 'mqtt.clientId',
  PDM_CLOUD_ADMIN_PASSWORD: 'bootstrap.adminPassword',
  PDM_CLOUD_GATEWAY_KEYS: 'bootstrap.gatewayKeys',
  PDM_CLOUD_AUTO_APPROVE: 'policy.autoApprove',
  PDM_CLOUD_AUTO_CANCEL_ON_CLEAR: 'policy.autoCancelOnClear',
  PDM_CLOUD_SAFETY_MARGIN_HOURS: 'policy.safetyMarginMs',
  PDM_CLOUD_PROPOSAL_SLA_HOURS: 'policy.proposalSlaMs',
  PDM_CLOUD_JOBS: 'jobs.enabled',
  PDM_CLOUD_GATEWAY_STALE_SECONDS: 'jobs.gatewayStaleAfterMs',
  PDM_CLOUD_RATE_LIMIT: 'http.rateLimitMax',
  PDM_CLOUD_LOG_LEVEL: 'logLevel',
} as const;

type EnvName = keyof typeof ENV_VARS;

function envValue(name: EnvName, raw: string): unknown {
  if (name === 'PDM_CLOUD_GATEWAY_KEYS') {
    // `gw-1:key,gw-2:key`
    return raw
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [gatewayId = '', ...rest] = pair.split(':');
        return { gatewayId: gatewayId.trim(), key: rest.join(':').trim() };
      });
  }
  if (['PDM_CLOUD_PORT', 'PDM_CLOUD_RATE_LIMIT', 'PDM_CLOUD_DATABASE_BUSY_TIMEOUT_MS'].includes(name))
    return Number(raw);
  if (name === 'PDM_CLOUD_SAFETY_MARGIN_HOURS' || name === 'PDM_CLOUD_PROPOSAL_SLA_HOURS')
    return Math.round(Number(raw) * HOUR);
  if (name === 'PDM_CLOUD_GATEWAY_STALE_SECONDS') return Math.round(Number(raw) * 1000);
  if (['PDM_CLOUD_AUTO_APPROVE', 'PDM_CLOUD_AUTO_CANCEL_ON_CLEAR', 'PDM_CLOUD_JOBS'].includes(name)) {
    return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())
      ? true
      : ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())
        ? false
        : raw;
  }
  return raw;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/**
 * Config from `PDM_CLOUD_*` variables, then overrides (section by section). Throws one error that
 * names every bad setting by its variable or path.
 */
export function loadCloudConfig(
  env: Record<string, string | undefined>,
  overrides: Partial<CloudConfigInput> = {},
): CloudConfig {
  const raw: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(ENV_VARS) as [EnvName, string][]) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, envValue(name, value));
  }
  for (const [key, value] of Object.entries(overrides)) {
    const current = raw[key];
    const isSection = typeof value === 'object' && value !== null && !Array.isArray(value);
    raw[key] =
      isSection && typeof current === 'object' && current !== null ? { ...current, ...value } : value;
  }
  const parsed = CloudConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const byPath = Object.fromEntries(Object.entries(ENV_VARS).map(([k, v]) => [v, k]));
    const named = fieldIssues(parsed.error).map(
      (i) => `${byPath[i.path] ? `${byPath[i.path]} (${i.path})` : i.path}: ${i.message}`,
    );
    throw new Error(`invalid cloud config: ${named.join('; ')}`);
  }
  return parsed.data;
}
