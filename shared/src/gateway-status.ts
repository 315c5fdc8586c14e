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
    /** When the gateway made the connection this status travels on; the same in its last will. */
    session: EpochMsSchema.optional(),
    /** Set in the last will: the broker publishes it after the connection died, so it comes after
     * every status of its session even though its `ts` (the connect time) is older. */
    lastWill: z.literal(true).optional(),
  })
  .strict();
export type GatewayStatus = z.infer<typeof GatewayStatusSchema>;
