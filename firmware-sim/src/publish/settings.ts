import { MAX_SAMPLES_PER_BATCH, parseOrThrow } from '@pdm/shared';
import { z } from 'zod';

/** The plain-data part of the publishing options, checked at the library boundary. */
const PublishSettingsSchema = z.object({
  brokerUrl: z
    .string()
    .regex(/^(mqtts?|tcp|tls|wss?):\/\/\S+$/, 'must be a URL such as mqtt://127.0.0.1:1883'),
  username: z.string().optional(),
  password: z.string().optional(),
  speed: z
    .unknown()
    .refine(
      (v) => v === undefined || (typeof v === 'number' && v > 0),
      'must be a positive number (simulated ms per wall ms; Infinity = as fast as the broker takes)',
    ),
  format: z.enum(['json', 'sparkplug']).optional(),
  maxBatch: z.number().int().min(1).max(MAX_SAMPLES_PER_BATCH).optional(),
  qos: z.union([z.literal(0), z.literal(1)]).optional(),
  progressEveryMs: z.number().int().positive().optional(),
  sparkplugAliases: z.boolean().optional(),
});

/** Throws VALIDATION_FAILED naming the option, e.g. `invalid simulation options: maxBatch: ...`. */
export function checkPublishSettings(opts: Record<string, unknown>, what: string): void {
  const { brokerUrl, username, password, speed, format, maxBatch, qos, progressEveryMs, sparkplugAliases } =
    opts;
  parseOrThrow(
    PublishSettingsSchema,
    { brokerUrl, username, password, speed, format, maxBatch, qos, progressEveryMs, sparkplugAliases },
    what,
  );
}
