// The outbox's delivery states: pending -> sent (PUBACK) -> received (receipt, row removed); sent
// rows go back to pending when their receipt is late and after a reconnect or restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert, type AlertReceipt, createUlidFactory, receiptTopic, seededRandom } from '@pdm/shared';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EdgeStore } from '../src/io/edge-store.js';
import { ReceiptInbox } from '../src/io/receipt-inbox.js';

const T = Date.UTC(2026, 0, 5);
const mint = createUlidFactory(seededRandom(11));
const limits = { maxBytes: 64 * 2 ** 20, maxAlertRows: 1_000 };

function alert(i: number): Alert {
  return {
    id: mint(T + i),
    gatewayId: 'gw',
    siteId: 'site',
    assetId: `a-${i}`,
    source: 'rule',
    ruleOrModel: 'r1',
    version: '1',
    failureMode: 'bearing_wear',
    severity: 'major',
    state: 'open',
    openedAt: T,
    observedAt: T + i,
    score: 8,
    threshold: 7.1,
    evidence: { vib_rms: [[T, 8]] },
  };
}

function filled(count: number, path = ':memory:'): { store: EdgeStore; alerts: Alert[] } {
  const store = new EdgeStore(path, limits);
  const alerts = Array.from({ length: count }, (_, i) => alert(i));
  for (const a of alerts) store.enqueue(a, T);
  return { store, alerts };
}

const receipt = (ids: string[], gatewayId = 'gw'): Buffer =>
  Buffer.from(JSON.stringify({ gatewayId, ids, ts: T } satisfies AlertReceipt));

describe('outbox delivery states', () => {
  it('keeps a sent row until its receipt, and leaves it out of pending meanwhile', () => {
    const { store, alerts } = filled(3);
    const [r0, r1] = store.pending(0, 2);
    store.markSent(r0!.seq, T + 30_000);
    store.markSent(r1!.seq, T + 30_000);
    expect(store.pending(0, 10).map((r) => r.id)).toEqual([alerts[2]!.id]);
    expect({ depth: store.depth, awaiting: store.awaitingReceipt() }).toEqual({ depth: 3, awaiting: 2 });
    expect(store.markReceived([alerts[0]!.id, alerts[0]!.id, 'unknown'])).toBe(1);
    expect({ depth: store.depth, awaiting: store.awaitingReceipt() }).toEqual({ depth: 2, awaiting: 1 });
    // A receipt may overtake the PUBACK: marking a removed row sent is a no-op.
    expect(store.markReceived([alerts[2]!.id])).toBe(1);
    store.markSent(store.pending(0, 10)[0]?.seq ?? -1, T);
    expect(store.depth).toBe(1);
  });

  it('requeues sent rows whose receipt is overdue, and only those', () => {
    const { store, alerts } = filled(2);
    const [r0, r1] = store.pending(0, 2);
    store.markSent(r0!.seq, T + 1_000);
    store.markSent(r1!.seq, T + 5_000);
    expect(store.requeueDue(T + 999)).toBe(0);
    expect(store.requeueDue(T + 1_000)).toBe(1);
    expect(store.pending(0, 10).map((r) => r.id)).toEqual([alerts[0]!.id]);
    expect(store.requeueAll()).toBe(1);
    expect(store.pending(0, 10).map((r) => r.id)).toEqual(alerts.map((a) => a.id));
  });

  it('sends everything unreceipted again after a restart', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pdm-receipts-')), 'edge.db');
    const { store, alerts } = filled(2, path);
    for (const row of store.pending(0, 2)) store.markSent(row.seq, T + 60_000);
    store.close();
    const again = new EdgeStore(path, limits);
    expect(again.depth).toBe(2);
    expect(again.awaitingReceipt()).toBe(2);
    again.requeueAll();
    expect(again.pending(0, 10).map((r) => r.id)).toEqual(alerts.map((a) => a.id));
    again.close();
  });

  it('counts bad receipts and never throws', () => {
    const { store, alerts } = filled(1);
    const inbox = new ReceiptInbox(
      { gatewayId: 'gw', timeoutMs: 1_000 },
      { store, logger: pino({ level: 'silent' }), random: () => 0.5, now: () => T },
    );
    const topic = receiptTopic('gw');
    const nothing = { removed: 0, resend: false };
    expect(inbox.accept(topic, Buffer.from('{nope'))).toEqual(nothing);
    expect(inbox.accept(topic, Buffer.from('{"gatewayId":"gw","ids":[],"ts":1}'))).toEqual(nothing);
    expect(inbox.accept(topic, receipt([alerts[0]!.id], 'other'))).toEqual(nothing);
    expect(inbox.accept(receiptTopic('other'), receipt([alerts[0]!.id]))).toEqual(nothing);
    expect(inbox.rejected).toBe(4);
    expect(store.depth).toBe(1);
    expect(inbox.accept(topic, receipt([alerts[0]!.id]))).toEqual({ removed: 1, resend: false });
    expect({ received: inbox.received, depth: store.depth }).toEqual({ received: 1, depth: 0 });
  });

  it('passes on a resend request from the cloud, removing nothing', () => {
    const { store } = filled(1);
    const inbox = new ReceiptInbox(
      { gatewayId: 'gw', timeoutMs: 1_000 },
      { store, logger: pino({ level: 'silent' }), random: () => 0.5, now: () => T },
    );
    const ask = Buffer.from(JSON.stringify({ gatewayId: 'gw', ids: [], ts: T, resend: true }));
    expect(inbox.accept(receiptTopic('gw'), ask)).toEqual({ removed: 0, resend: true });
    expect({ rejected: inbox.rejected, depth: store.depth }).toEqual({ rejected: 0, depth: 1 });
  });

  it('backs off the resend deadline with each attempt, with jitter', () => {
    const { store } = filled(0);
    const at = (random: number, attempts: number) =>
      new ReceiptInbox(
        { gatewayId: 'gw', timeoutMs: 1_000 },
        { store, logger: pino({ level: 'silent' }), random: () => random, now: () => T },
      ).resendAt(attempts) - T;
    expect(at(0, 1)).toBe(1_000);
    expect(at(1, 1)).toBe(1_000);
    expect(at(1, 3)).toBe(4_000);
    expect(at(1, 10)).toBe(8_000);
    expect(at(0.5, 3)).toBe(2_500);
  });
});
