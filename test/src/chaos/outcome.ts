// Counting outcomes against ground truth: expected alerts are the faults injected (one open alert
// per faulted asset); the cloud's work orders and their alert timelines are what was delivered.

import type { CloudApi } from './probes.js';
import type { Figures } from './report.js';

export interface Outcome extends Figures {
  expected: number;
  delivered: number;
  lost: number;
  duplicateOrders: number;
  duplicateAlerts: number;
  falseOrders: number;
}

/** Compare the faulted assets with the cloud's work orders (one per asset, no repeated alert id). */
export async function countOutcome(api: CloudApi, faulted: readonly string[]): Promise<Outcome> {
  const orders = await api.workOrders();
  const perAsset = new Map<string, number>();
  for (const o of orders) perAsset.set(o.assetId, (perAsset.get(o.assetId) ?? 0) + 1);
  const expected = new Set(faulted);
  const delivered = [...expected].filter((a) => perAsset.has(a)).length;
  const ids = await api.alertIds();
  return {
    expected: expected.size,
    delivered,
    lost: expected.size - delivered,
    duplicateOrders: [...perAsset.values()].filter((n) => n > 1).length,
    duplicateAlerts: [...ids.values()].filter((n) => n > 1).length,
    falseOrders: orders.filter((o) => !expected.has(o.assetId)).length,
  };
}

/** Wait until every faulted asset has a work order (or the timeout passes); ms taken. */
export async function waitForDelivery(
  api: CloudApi,
  faulted: readonly string[],
  timeoutMs: number,
): Promise<number> {
  const start = Date.now();
  const want = new Set(faulted);
  while (Date.now() - start < timeoutMs) {
    const have = new Set((await api.workOrders()).map((o) => o.assetId));
    if ([...want].every((a) => have.has(a))) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now() - start;
}
