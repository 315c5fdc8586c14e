// R8: malformed, oversized, NaN/Infinity, deep, binary, future-dated and out-of-range telemetry sent
// to the real edge process through the real broker: each is counted under its reason, none crashes
// the edge, none raises an alert (every payload carries a value above the alert threshold).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_TELEMETRY } from '../src/chaos/bad-telemetry.js';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { SITE_ID } from '../src/chaos/edge-config.js';
import { FaultInjector } from '../src/chaos/faults.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, type EdgeHealth, edgeHealth } from '../src/chaos/probes.js';
import { Report } from '../src/chaos/report.js';

const report = new Report('R8 bad telemetry');
const topicOf = (asset: string) => `pdm/v1/${SITE_ID}/${asset}/telemetry`;

describe('R8: bad telemetry is counted and quarantined, never alerted on', () => {
  let cluster: Cluster;
  let devices: FaultInjector;
  const health = async (): Promise<EdgeHealth> =>
    until('edge health', () => edgeHealth(cluster.metricsUrl), 10_000);
  const badOf = (h: EdgeHealth, reason: string) =>
    h.badMessages[reason as keyof EdgeHealth['badMessages']] ?? 0;

  beforeAll(async () => {
    cluster = await startCluster();
    devices = new FaultInjector(cluster.siteUrl, cluster.users.tester);
    await devices.connect();
  }, 120_000);
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  it('counts every bad message under its reason', async () => {
    const outcome: Record<string, number> = {};
    for (const bad of BAD_TELEMETRY) {
      const reasons = bad.reason.split('|');
      const before = await health();
      await devices.raw(topicOf(bad.asset), bad.payload(devices.ts()));
      const after = await until(`${bad.name} to be counted as ${bad.reason}`, async () => {
        const h = await health();
        return reasons.some((r) => badOf(h, r) > badOf(before, r)) ? h : undefined;
      });
      for (const r of reasons) outcome[r] = (outcome[r] ?? 0) + badOf(after, r) - badOf(before, r);
    }
    // Out of order: a newer sample first, then an older hot one.
    const ts = devices.ts();
    const before = await health();
    await devices.raw(topicOf('bad-order'), `{"ts":${ts + 5_000},"readings":{"temp":40}}`);
    await devices.raw(topicOf('bad-order'), `{"ts":${ts},"readings":{"temp":150}}`);
    await until(
      'the late sample to be rejected',
      async () => badOf(await health(), 'out_of_order') > badOf(before, 'out_of_order'),
    );
    const injected = BAD_TELEMETRY.length + 1;
    const h = await health();
    const rejected = Object.values(h.badMessages).reduce((a, b) => a + b, 0);
    report.add('bad telemetry', {
      injected,
      rejected,
      ...outcome,
      alertsOpened: h.alertsOpened,
      crashes: cluster.edge?.running ? 0 : 1,
    });
    expect(rejected).toBeGreaterThanOrEqual(injected);
    expect(h.alertsOpened).toBe(0);
    expect(cluster.edge?.running).toBe(true);
  }, 120_000);

  it('creates no work order from any of them', async () => {
    const api = new CloudApi(cluster.cloudUrl);
    await api.login('admin', cluster.adminPassword);
    expect(await api.workOrders()).toHaveLength(0);
  });

  it('still raises the alert for a real fault afterwards', async () => {
    await devices.fault('real-fault');
    const api = new CloudApi(cluster.cloudUrl);
    await api.login('admin', cluster.adminPassword);
    const orders = await until('a work order for the real fault', async () => {
      const list = await api.workOrders();
      return list.length > 0 ? list : undefined;
    });
    expect(orders.map((o) => o.assetId)).toEqual(['real-fault']);
  }, 60_000);
});
