// The uplink's HTTP fallback: while MQTT is down, POST outbox rows one by one, oldest first; an HTTP
// 2xx comes after the cloud's commit, so it is the receipt and the row is removed.
import type { EdgeStore } from './edge-store.js';

export interface HttpTarget {
  url: string;
  token?: string;
}

export interface DrainDeps {
  store: EdgeStore;
  /** True once MQTT is back or the uplink stops. */
  done: () => boolean;
  onDelivered: () => void;
}

/** Drain until done or the outbox is empty; false when a POST failed (retry later). */
export async function drainOverHttp(http: HttpTarget, deps: DrainDeps): Promise<boolean> {
  let after = 0;
  while (!deps.done()) {
    const [row] = deps.store.pending(after, 1);
    if (!row) return true;
    const ok = await postAlert(http, row.payload).catch(() => false);
    if (!ok) return false;
    if (deps.store.markDelivered(row.seq)) deps.onDelivered();
    after = row.seq;
  }
  return true;
}

async function postAlert(http: HttpTarget, payload: string): Promise<boolean> {
  const res = await fetch(http.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(http.token ? { authorization: `Bearer ${http.token}` } : {}),
    },
    body: payload,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status >= 200 && res.status < 300;
}
