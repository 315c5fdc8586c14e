// R15: one credential floods the cloud process. It gets 429 with retry-after once over its limit;
// another client keeps being served (no 429) with a p95 latency close to its quiet baseline.
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { CloudApi } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const LIMIT = 300;
const FLOOD = FULL ? 20_000 : 2_000;
const report = new Report('R15 request flood');

async function timed(api: CloudApi, n: number): Promise<{ p95: number; codes: Map<number, number> }> {
  const times: number[] = [];
  const codes = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const res = await api.call('GET', '/work-orders?limit=20');
    times.push(performance.now() - start);
    codes.set(res.status, (codes.get(res.status) ?? 0) + 1);
    await new Promise((r) => setTimeout(r, 50));
  }
  times.sort((a, b) => a - b);
  return { p95: times[Math.floor(times.length * 0.95)] ?? 0, codes };
}

// Full run only: keeps the default (CI) subset inside its time budget.
describe.runIf(FULL)('R15: request flood from one key', () => {
  let cluster: Cluster | undefined;
  afterAll(async () => {
    report.print();
    await cluster?.stop();
  });

  it('limits the flooder, serves the others', async () => {
    cluster = await startCluster({ startEdge: false, cloudEnv: { PDM_CLOUD_RATE_LIMIT: String(LIMIT) } });
    const admin = new CloudApi(cluster.cloudUrl);
    await admin.login('admin', cluster.adminPassword);
    await admin.call('POST', '/users', {
      body: { id: 'calm-planner', password: 'calm-planner-1', role: 'planner' },
    });
    const good = new CloudApi(cluster.cloudUrl);
    await good.login('calm-planner', 'calm-planner-1');
    const flooder = new CloudApi(cluster.cloudUrl, cluster.gatewayKey);
    const baseline = await timed(good, 40);
    const floodCodes = new Map<number, number>();
    let missingRetryAfter = 0;
    let sent = 0;
    const worker = async () => {
      while (sent < FLOOD) {
        sent++;
        const res = await flooder
          .call('POST', '/alerts', { raw: '{}', headers: { 'content-type': 'application/json' } })
          .catch(() => undefined);
        if (!res) continue;
        floodCodes.set(res.status, (floodCodes.get(res.status) ?? 0) + 1);
        if (res.status === 429 && !res.headers.get('retry-after')) missingRetryAfter++;
      }
    };
    const flood = Promise.all(Array.from({ length: 16 }, worker));
    const during = await timed(good, 40);
    await flood;
    report.add(`${FLOOD} requests from one key`, {
      limitPerMin: LIMIT,
      flood429: floodCodes.get(429) ?? 0,
      flood400: floodCodes.get(400) ?? 0,
      flood5xx: [...floodCodes].filter(([k]) => k >= 500).reduce((a, [, v]) => a + v, 0),
      missingRetryAfter,
      goodBaselineP95Ms: Math.round(baseline.p95),
      goodDuringP95Ms: Math.round(during.p95),
      good429: during.codes.get(429) ?? 0,
    });
    expect(floodCodes.get(429) ?? 0).toBeGreaterThanOrEqual(FLOOD - LIMIT - 50);
    expect(missingRetryAfter).toBe(0);
    expect(during.codes.get(200)).toBe(40);
    expect(during.p95).toBeLessThan(Math.max(baseline.p95 * 5, baseline.p95 + 300));
  }, 180_000);
});
