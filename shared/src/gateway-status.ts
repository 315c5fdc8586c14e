import { z } from 'zod';
import { IdSchema } from './ids.js';
import { EpochMsSchema } from './time.js';

export const GATEWAY_STATES = ['online', 'offline', 'degraded'] as const;

/** Retained on `pdm/v1/gateways/{gateway}/status`; the `offline` form is also the last will. */
export const GatewayStatusSchema = z
  .object({
    gatewayId: IdSchema,
    state: z.enum(GATEWAY_STATES),
    ts: EpochMsSchema,
    version: z.string().max(64).optional(),
    reason: z.string().max(500).optional(),
    counters: z.record(z.string().max(64), z.number().nonnegative()).default({}),
  })
  .strict();
export type GatewayStatus = z.infer<typeof GatewayStatusSchema>;
