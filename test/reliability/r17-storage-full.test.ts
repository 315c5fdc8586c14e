// R17: the edge's storage fills up. The edge runs with a file-size limit (RLIMIT_FSIZE, so SQLite's
// writes fail as on a full disk) and a 1 MB soft cap, and is flooded with telemetry whose rollups
// outgrow both. It must raise a health alarm, drop telemetry rollups before alerts, keep committing
// and delivering alerts, and stay up.

import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { SITE_ID } from '../src/chaos/edge-config.js';
import { FaultInjector } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const FILE_LIMIT = 3_000_000;
const ASSETS = FULL ? 80 : 30;
const MINUTES = 1_000;
const report = new Report('R17 edge storage full');

/** One asset's history: a sample per minute, six sensors, all normal values. */
function history(minutes: number, end: number): string {
  const rows = Array.from({ length: minutes }, (_, i) => {
    const ts = end - (minutes - i) * 60_000;
    return `{"ts":${ts},"readings":{"temp":40,"s1":1,"s2":2,"s3":3,"s4":4,"s5":5}}`;
  });
  return `[${rows.join(',')}]`;
}

describe('R17: edge storage full', () => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  it('alarms, drops telemetry before alerts, keeps delivering alerts', async () => {
    cluster = await startCluster({ startEdge: false });
    const c = cluster;
    await c.startEdge({ storage: { maxBytes: 1_000_000 } }, { wrap: ['prlimit', `--fsize=${FILE_LIMIT}`] });
    const api = new CloudApi(c.cloudUrl);
    await api.login('admin', c.adminPassword);
    devices = new FaultInjector(c.siteUrl, c.users.tester);
    await devices.connect();
    const end = Date.now() - 120_000;
    const reasons = new Set<string>();
    for (let a = 0; a < ASSETS; a++) {
      await devices.raw(`pdm/v1/${SITE_ID}/bulk-${a}/telemetry`, history(MINUTES, end));
      if (a % 5 === 4) await devices.fault(`during-fill-${a}`);
      const h = await edgeHealth(c.metricsUrl);
      if (h?.reason) reasons.add(h.reason);
    }
    const filled = await until(
      'rollups to be dropped',
      async () => {
        const h = await edgeHealth(c.metricsUrl);
        if (h?.reason) reasons.add(h.reason);
        return h && h.rollupsDropped > 0 ? h : undefined;
      },
      60_000,
    );
    for (let i = 0; i < 5; i++) await devices.fault(`after-fill-${i}`);
    const drainMs = await waitForDelivery(api, devices.faulted, 60_000);
    const outcome = await countOutcome(api, devices.faulted);
    const h = await until('edge health', () => edgeHealth(c.metricsUrl));
    report.add(`${ASSETS} assets x ${MINUTES} min x 6 sensors`, {
      fileLimitBytes: FILE_LIMIT,
      rollupsDropped: h.rollupsDropped,
      alertCommitFailures: h.alertCommitFailures,
      alarmRaised: [...reasons].some((r) => /storage/.test(r)),
      ...outcome,
      drainMs,
      edgeUp: c.edge?.running ?? false,
    });
    expect(c.edge?.running).toBe(true);
    expect(filled.rollupsDropped).toBeGreaterThan(0);
    expect([...reasons].some((r) => /storage/.test(r))).toBe(true);
    expect(h.alertCommitFailures).toBe(0);
    expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0, falseOrders: 0 });
  }, 240_000);
});
