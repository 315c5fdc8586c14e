// API shapes that only the cloud uses (shared holds the wire contract).
import { ApiErrorSchema, IdSchema } from '@pdm/shared';
import { z } from 'zod';

export const IdParamsSchema = z.object({ id: IdSchema }).strict();
export const UlidParamsSchema = z
  .object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID') })
  .strict();

/** The error responses every authenticated route may give. */
export const COMMON_ERRORS = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema,
  404: ApiErrorSchema,
  413: ApiErrorSchema,
  415: ApiErrorSchema,
  429: ApiErrorSchema,
  500: ApiErrorSchema,
  503: ApiErrorSchema,
} as const;

export const IngestResultSchema = z.object({
  alertId: z.string(),
  workOrderId: z.string().nullable(),
  outcome: z.enum(['created', 'joined', 'ignored']),
  duplicate: z.boolean(),
});
