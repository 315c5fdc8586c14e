import { IdSchema } from '@pdm/shared';
import { z } from 'zod';
import { PositiveDurationSchema, StartTimeSchema } from '../scenarios/duration.js';

export const REPLAY_KINDS = ['cmapss', 'nab', 'ims', 'csv'] as const;
export const CMAPSS_SUBSETS = ['FD001', 'FD002', 'FD003', 'FD004'] as const;

/** What to replay and how to map it onto sites, assets and sensors. */
export const ReplaySpecSchema = z
  .object({
    kind: z.enum(REPLAY_KINDS),
    /** The dataset file (read in place; nothing is copied). */
    path: z.string().min(1, 'must name a file'),
    siteId: IdSchema.default('replay'),
    /** Asset id for single-series files (nab, csv); derived from the file name by default. */
    assetId: IdSchema.optional(),
    /** cmapss: event time of cycle 1, and the time between cycles. */
    start: StartTimeSchema.default(Date.UTC(2026, 0, 1)),
    cycleInterval: PositiveDurationSchema.default(3_600_000),
    /** cmapss: true RUL per test unit (RUL_FD00x.txt) to give test runs a ground truth. */
    rulPath: z.string().min(1).optional(),
    /** cmapss: the subset the file belongs to (its fault modes); read from the file name when absent. */
    subset: z.enum(CMAPSS_SUBSETS).optional(),
    /** cmapss: only these unit numbers. */
    units: z.array(z.number().int().positive()).optional(),
    /** csv: the timestamp column (name or 0-based index); the first column by default. */
    timestampColumn: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
    /** csv: column header -> sensor id; every other column is ignored. All columns by default. */
    columns: z.record(z.string().min(1), IdSchema).optional(),
    /** csv/ims: make each value column its own asset (sensor id `value`) instead of one asset. */
    assetPerColumn: z.boolean().optional(),
    /** The sensor id of each per-column asset (`value` by default; `vib_mean_abs` for ims). */
    sensorId: IdSchema.optional(),
  })
  .strict();

export type ReplaySpec = z.output<typeof ReplaySpecSchema>;
export type ReplaySpecInput = z.input<typeof ReplaySpecSchema>;
