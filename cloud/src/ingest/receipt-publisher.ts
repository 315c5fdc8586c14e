// End-to-end receipts: once an MQTT alert is committed (or found already committed), its id is
// published back to its gateway on `pdm/v1/gateways/{gw}/receipts` at QoS 1. The edge keeps the
// alert in its outbox until then, so an alert lost between the broker and the cloud is resent.

import type { Clock } from '@pdm/shared';
import { type AlertReceipt, MAX_RECEIPT_IDS, receiptTopic } from '@pdm/shared';

export interface ReceiptSink {
  /** False when the receipt could not be handed to the broker (it is dropped, not queued). */
  publish(topic: string, payload: string): boolean;
}

export interface ReceiptPublisherOptions {
  /** Ids received within this window are sent in one receipt per gateway. */
  batchMs: number;
}

/** Collects committed alert ids per gateway and publishes them in small batches. */
export class ReceiptPublisher {
  private readonly pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  published = 0;
  dropped = 0;

  constructor(
    private readonly sink: ReceiptSink,
    private readonly clock: Clock,
    private readonly options: ReceiptPublisherOptions = { batchMs: 5 },
  ) {}

  /** Queue a receipt for a committed alert id. */
  add(gatewayId: string, alertId: string): void {
    let ids = this.pending.get(gatewayId);
    if (!ids) {
      ids = new Set();
      this.pending.set(gatewayId, ids);
    }
    ids.add(alertId);
    if (ids.size >= MAX_RECEIPT_IDS) this.flushGateway(gatewayId);
    else this.timer ??= setTimeout(() => this.flush(), this.options.batchMs);
  }

  /** Ask these gateways to send every alert they hold without a receipt again, now. */
  askResend(gatewayIds: readonly string[]): void {
    for (const gatewayId of gatewayIds) {
      const request: AlertReceipt = { gatewayId, ids: [], ts: this.clock.now(), resend: true };
      this.sink.publish(receiptTopic(gatewayId), JSON.stringify(request));
    }
  }

  /** Publish everything queued now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const gatewayId of [...this.pending.keys()]) this.flushGateway(gatewayId);
  }

  private flushGateway(gatewayId: string): void {
    const ids = this.pending.get(gatewayId);
    this.pending.delete(gatewayId);
    if (!ids || ids.size === 0) return;
    const receipt: AlertReceipt = { gatewayId, ids: [...ids], ts: this.clock.now() };
    if (this.sink.publish(receiptTopic(gatewayId), JSON.stringify(receipt))) this.published += 1;
    else this.dropped += 1;
  }
}
