// R16: another process holds the cloud database's write lock for 5 s, several times, while alerts
// arrive over MQTT (from the edge) and HTTP (a gateway). Nothing is lost, no 500, clear 503s with
// retry-after, and the cloud's memory stays bounded.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeAlert } from '../src/chaos/alerts.js';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector, faultsDuring } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { CloudApi } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const ROUNDS = FULL ? 6 : 2;
const HOLD_MS = 5_000;
const report = new Report('R16 database write lock');

/** Hold the write lock of a SQLite file for `ms` from this process. */
async function holdWriteLock(path: string, ms: number): Promise<void> {
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 10000');
    db.exec('BEGIN IMMEDIATE');
    await new Promise((r) => setTimeout(r, ms));
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

// Full run only: keeps the default (CI) subset inside its time budget.
describe.runIf(FULL)('R16: database write lock held repeatedly', () => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  it(`${ROUNDS} x ${HOLD_MS / 1000} s lock: no loss, no 500, 503 with retry-after`, async () => {
    cluster = await startCluster();
    const c = cluster;
    const api = new CloudApi(c.cloudUrl);
    await api.login('admin', c.adminPassword);
    const gateway = new CloudApi(c.cloudUrl, c.gatewayKey);
    devices = new FaultInjector(c.siteUrl, c.users.tester);
    await devices.connect();
    const codes = new Map<number, number>();
    let unclear503 = 0;
    let httpMaxMs = 0;
    let peakRss = 0;
    const httpAssets: string[] = [];
    const postUntilStored = async (assetId: string) => {
      const alert = makeAlert(assetId);
      for (let attempt = 0; attempt < 50; attempt++) {
        const start = Date.now();
        const res = await gateway
          .call('POST', '/alerts', { body: alert })
          .catch(() => ({ status: 0, headers: new Headers() }));
        httpMaxMs = Math.max(httpMaxMs, Date.now() - start);
        codes.set(res.status, (codes.get(res.status) ?? 0) + 1);
        if (res.status === 200) return;
        if (res.status === 503 && !res.headers.get('retry-after')) unclear503++;
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    for (let round = 0; round < ROUNDS; round++) {
      const lock = holdWriteLock(c.cloudDbPath, HOLD_MS);
      const posts = Array.from({ length: 5 }, (_, i) => {
        httpAssets.push(`http-${round}-${i}`);
        return postUntilStored(`http-${round}-${i}`);
      });
      await faultsDuring(devices, `mqtt-${round}`, { durationMs: HOLD_MS, everyMs: 250 });
      peakRss = Math.max(peakRss, c.cloud.usage().rssBytes);
      await Promise.all([lock, ...posts]);
    }
    const expected = [...devices.faulted, ...httpAssets];
    const drainMs = await waitForDelivery(api, expected, 60_000);
    const outcome = await countOutcome(api, expected);
    const errors5xx = [...codes].filter(([k]) => k >= 500 && k !== 503).reduce((a, [, v]) => a + v, 0);
    report.add(`${ROUNDS} locks`, {
      ...outcome,
      http200: codes.get(200) ?? 0,
      http503: codes.get(503) ?? 0,
      other5xx: errors5xx,
      unclear503,
      httpMaxMs,
      drainMs,
      cloudPeakRssMB: Math.round(peakRss / 2 ** 20),
    });
    expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0, falseOrders: 0 });
    expect(errors5xx).toBe(0);
    // The lock really held writers back (they waited or got 503).
    expect(httpMaxMs > 1_000 || (codes.get(503) ?? 0) > 0).toBe(true);
    expect(unclear503).toBe(0);
    expect(c.cloud.running).toBe(true);
  }, 240_000);
});
