import { z } from 'zod';

/** Earliest and latest event time we accept: 2000-01-01 and 2100-01-01 (UTC). */
export const MIN_EVENT_TIME = 946_684_800_000;
export const MAX_EVENT_TIME = 4_102_444_800_000;

/** An event timestamp in milliseconds since the Unix epoch. */
export const EpochMsSchema = z
  .number()
  .int('must be whole milliseconds since the Unix epoch')
  .min(MIN_EVENT_TIME, 'must be on or after 2000-01-01')
  .max(MAX_EVENT_TIME, 'must be before 2100-01-01');
export type EpochMs = z.infer<typeof EpochMsSchema>;

/** A finite number: JSON parsing turns 1e400 into Infinity, which must never reach a detector. */
export const FiniteSchema = z.number().refine(Number.isFinite, 'must be a finite number');

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
