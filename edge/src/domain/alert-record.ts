import { ALERT_SOURCES, IdSchema, SeveritySchema, UlidSchema } from '@pdm/shared';
import { z } from 'zod';

/** A source (rule, detector or model) active on an open alert, as the alert manager last saw it. */
const SourceRecordSchema = z
  .object({
    ruleId: IdSchema,
    version: z.string().min(1).max(64),
    source: z.enum(ALERT_SOURCES),
    failureMode: IdSchema,
    score: z.number(),
    threshold: z.number(),
    severity: SeveritySchema,
    time: z.number(),
    since: z.number(),
    sensors: z.array(IdSchema).max(32),
  })
  .strict();
export type SourceRecord = z.infer<typeof SourceRecordSchema>;

/**
 * What the alert manager keeps for one asset and failure mode, stored in the edge's SQLite
 * database in the same transaction as the outbox row of the event that changed it, and read
 * back at start: the open alert (if any) and the end of the cool-down after the last clear.
 */
export const SlotRecordSchema = z
  .object({
    siteId: IdSchema,
    assetId: IdSchema,
    failureMode: IdSchema,
    open: z
      .object({
        /** Id of the `open` event: the alert's identity, with `openedAt`. */
        openId: UlidSchema,
        openedAt: z.number().int(),
        severity: SeveritySchema,
        lastSentAt: z.number(),
        distance: z.number(),
        sources: z.array(SourceRecordSchema).max(256),
      })
      .strict()
      .nullable(),
    /** Event time until which a new alert stays quiet; null = no cool-down. */
    cooldownUntil: z.number().nullable(),
  })
  .strict();
export type SlotRecord = z.infer<typeof SlotRecordSchema>;
