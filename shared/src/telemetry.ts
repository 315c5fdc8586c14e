import { z } from 'zod';
import { IdSchema } from './ids.js';
import { EpochMsSchema, FiniteSchema } from './time.js';

export const MAX_READINGS_PER_SAMPLE = 256;
export const MAX_SAMPLES_PER_BATCH = 10_000;

/** One sample from one asset: event time, optional sequence number, sensor readings. */
export const TelemetrySampleSchema = z
  .object({
    ts: EpochMsSchema,
    seq: z.number().int().nonnegative().optional(),
    readings: z
      .record(IdSchema, FiniteSchema)
      .refine((r) => Object.keys(r).length > 0, 'must hold at least one reading')
      .refine(
        (r) => Object.keys(r).length <= MAX_READINGS_PER_SAMPLE,
        `must hold at most ${MAX_READINGS_PER_SAMPLE} readings`,
      ),
  })
  .strict();
export type TelemetrySample = z.infer<typeof TelemetrySampleSchema>;

export const TelemetryBatchSchema = z
  .array(TelemetrySampleSchema)
  .min(1, 'a batch must hold at least one sample')
  .max(MAX_SAMPLES_PER_BATCH, `a batch must hold at most ${MAX_SAMPLES_PER_BATCH} samples`);

/** The payload on `pdm/v1/{site}/{asset}/telemetry`: one sample or a batch of them. */
export const TelemetryMessageSchema = z.union([TelemetrySampleSchema, TelemetryBatchSchema]);
export type TelemetryMessage = z.infer<typeof TelemetryMessageSchema>;

/**
 * Parse a telemetry payload: an array is a batch, anything else a single sample. Dispatching on
 * the shape (rather than a union) keeps error paths pointing at the field, e.g. `3.readings.temp`.
 */
export function parseTelemetryMessage(
  value: unknown,
): { success: true; data: TelemetrySample[] } | { success: false; error: z.ZodError } {
  if (Array.isArray(value)) return TelemetryBatchSchema.safeParse(value);
  const one = TelemetrySampleSchema.safeParse(value);
  return one.success ? { success: true, data: [one.data] } : { success: false, error: one.error };
}

/** Normalise a parsed message to a list of samples. */
export function samplesOf(message: TelemetryMessage): TelemetrySample[] {
  return Array.isArray(message) ? message : [message];
}
