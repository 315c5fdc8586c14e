// The edge side of end-to-end receipts: the cloud publishes the ids of the alerts it committed on
// `pdm/v1/gateways/{gw}/receipts`; only then does an alert leave the outbox.
import { AlertReceiptSchema, receiptTopic } from '@pdm/shared';
import type { Logger } from 'pino';
import { backoffDelay } from './backoff.js';
import type { EdgeStore } from './edge-store.js';

export interface ReceiptInboxDeps {
  store: EdgeStore;
  logger: Logger;
  random: () => number;
  now: () => number;
}

/** Validates receipts, removes the receipted rows and says when an unreceipted row is resent. */
export class ReceiptInbox {
  /** Alerts removed from the outbox by a receipt. */
  received = 0;
  /** Receipts refused: not JSON, not an AlertReceipt, or for another gateway. */
  rejected = 0;

  constructor(
    private readonly options: { gatewayId: string; timeoutMs: number },
    private readonly deps: ReceiptInboxDeps,
  ) {}

  get topic(): string {
    return receiptTopic(this.options.gatewayId);
  }

  /** When a row the broker acknowledged on its `attempts`-th send is sent again without a receipt. */
  resendAt(attempts: number): number {
    const t = this.options.timeoutMs;
    const delay = backoffDelay(Math.max(0, attempts - 1), { min: t, max: t * 8 }, this.deps.random);
    return this.deps.now() + delay;
  }

  /**
   * Apply one receipt message; bad ones are counted and logged, never thrown. Returns the rows
   * removed, and whether the cloud asked for every unreceipted row to be sent again now.
   */
  accept(topic: string, payload: Buffer): { removed: number; resend: boolean } {
    if (topic !== this.topic) return this.reject(`unexpected topic ${topic}`);
    let value: unknown;
    try {
      value = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.reject('not JSON');
    }
    const parsed = AlertReceiptSchema.safeParse(value);
    if (!parsed.success) return this.reject('not an alert receipt');
    if (parsed.data.gatewayId !== this.options.gatewayId) return this.reject('receipt for another gateway');
    const removed = parsed.data.ids.length > 0 ? this.deps.store.markReceived(parsed.data.ids) : 0;
    this.received += removed;
    return { removed, resend: parsed.data.resend === true };
  }

  private reject(reason: string): { removed: number; resend: boolean } {
    this.rejected += 1;
    this.deps.logger.warn({ reason }, 'receipt rejected');
    return { removed: 0, resend: false };
  }
}
