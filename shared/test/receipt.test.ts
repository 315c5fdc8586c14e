import { describe, expect, it } from 'vitest';
import {
  AlertReceiptSchema,
  createUlidFactory,
  MAX_RECEIPT_IDS,
  parseTopic,
  receiptTopic,
  seededRandom,
  TOPIC_FILTERS,
} from '../src/index.js';

const TS = Date.UTC(2026, 0, 1);
const newId = createUlidFactory(seededRandom(7));

describe('alert receipts', () => {
  it('topic round-trips and matches its filter', () => {
    expect(receiptTopic('gw-1')).toBe('pdm/v1/gateways/gw-1/receipts');
    expect(parseTopic(receiptTopic('gw-1'))).toEqual({
      ok: true,
      topic: { kind: 'receipts', gatewayId: 'gw-1' },
    });
    expect(TOPIC_FILTERS.receipts).toBe('pdm/v1/gateways/+/receipts');
    expect(() => receiptTopic('a/b')).toThrow(/gateway id/);
    expect(() => receiptTopic('+')).toThrow();
  });

  it('parse stays strict', () => {
    expect(parseTopic('pdm/v1/gateways/+/receipts').ok).toBe(false);
    expect(parseTopic('pdm/v1/gateways/g w/receipts').ok).toBe(false);
    expect(parseTopic('pdm/v1/gateways/gw/receipts/x').ok).toBe(false);
    expect(parseTopic('pdm/v1/gateways/gw/receipt').ok).toBe(false);
  });

  it('schema accepts 1..1000 ULIDs and nothing else', () => {
    const ids = [newId(TS), newId(TS)];
    expect(AlertReceiptSchema.parse({ gatewayId: 'gw-1', ids, ts: TS })).toEqual({
      gatewayId: 'gw-1',
      ids,
      ts: TS,
    });
    const bad = [
      { gatewayId: 'gw-1', ids: [], ts: TS },
      { gatewayId: 'gw-1', ids: ['not-a-ulid'], ts: TS },
      { gatewayId: 'gw/1', ids, ts: TS },
      { gatewayId: 'gw-1', ids, ts: TS, extra: 1 },
      { gatewayId: 'gw-1', ids, ts: Number.NaN },
      { gatewayId: 'gw-1', ids: Array.from({ length: MAX_RECEIPT_IDS + 1 }, () => newId(TS)), ts: TS },
    ];
    for (const value of bad) expect(AlertReceiptSchema.safeParse(value).success).toBe(false);
    const full = Array.from({ length: MAX_RECEIPT_IDS }, () => newId(TS));
    expect(AlertReceiptSchema.safeParse({ gatewayId: 'gw-1', ids: full, ts: TS }).success).toBe(true);
  });

  it('a resend request may carry no ids; resend is only ever true', () => {
    expect(AlertReceiptSchema.safeParse({ gatewayId: 'gw-1', ids: [], ts: TS, resend: true }).success).toBe(
      true,
    );
    const noIds = AlertReceiptSchema.safeParse({ gatewayId: 'gw-1', ids: [], ts: TS });
    expect(noIds.error?.issues[0]).toMatchObject({
      path: ['ids'],
      message: expect.stringContaining('resend'),
    });
    expect(AlertReceiptSchema.safeParse({ gatewayId: 'gw-1', ids: [], ts: TS, resend: false }).success).toBe(
      false,
    );
  });
});
