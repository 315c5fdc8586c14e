import { z } from 'zod';
import { IdSchema, UlidSchema } from './ids.js';
import { EpochMsSchema } from './time.js';

/** Most alert ids one receipt may carry. */
export const MAX_RECEIPT_IDS = 1000;

/**
 * Published by the cloud on `pdm/v1/gateways/{gateway}/receipts` (QoS 1) once the alerts with these
 * ids are committed (or were already committed). The edge keeps an alert in its outbox until it
 * has a receipt for it, so an alert lost between the broker and the cloud is sent again.
 *
 * `resend: true` (ids may then be empty) asks the gateway to send every unreceipted alert again now
 * instead of at its receipt timeout: the cloud sends it after (re)subscribing without a session,
 * when alerts published meanwhile may have reached no subscriber.
 */
export const AlertReceiptSchema = z
  .object({
    gatewayId: IdSchema,
    ids: z.array(UlidSchema).max(MAX_RECEIPT_IDS),
    ts: EpochMsSchema,
    resend: z.literal(true).optional(),
  })
  .strict()
  .refine((r) => r.ids.length > 0 || r.resend === true, {
    path: ['ids'],
    message: 'must name at least one alert id unless resend is set',
  });
export type AlertReceipt = z.infer<typeof AlertReceiptSchema>;
