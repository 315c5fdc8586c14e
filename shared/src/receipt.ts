import { z } from 'zod';
import { IdSchema, UlidSchema } from './ids.js';
import { EpochMsSchema } from './time.js';

/** Most alert ids one receipt may carry. */
export const MAX_RECEIPT_IDS = 1000;

/**
 * Published by the cloud on `pdm/v1/gateways/{gateway}/receipts` (QoS 1) once the alerts with these
 * ids are committed (or were already committed). The edge keeps an alert in its outbox until it
 * has a receipt for it, so an alert lost between the broker and the cloud is sent again.
 */
export const AlertReceiptSchema = z
  .object({
    gatewayId: IdSchema,
    ids: z.array(UlidSchema).min(1).max(MAX_RECEIPT_IDS),
    ts: EpochMsSchema,
  })
  .strict();
export type AlertReceipt = z.infer<typeof AlertReceiptSchema>;
