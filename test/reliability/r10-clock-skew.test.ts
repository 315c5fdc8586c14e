// R10: skewed clocks. Sensors ahead of the gateway by more than the allowed skew are rejected and
// counted, within it accepted; sensors far behind are accepted in event time. A gateway whose own
// clock runs an hour ahead still gets each alert to the cloud exactly once (dedupe by id).
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { SITE_ID } from '../src/chaos/edge-config.js';
import { FaultInjector } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, type EdgeHealth, edgeHealth } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const MIN = 60_000;
const report = new Report('R10 clock skew');
const topicOf = (asset: string) => `pdm/v1/${SITE_ID}/${asset}/telemetry`;

describe.runIf(FULL)('R10: clock skew of sensors and of the gateway', () => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  it('judges sensor timestamps against the gateway clock', async () => {
    cluster = await startCluster();
    const c = cluster;
    devices = new FaultInjector(c.siteUrl, c.users.tester);
    await devices.connect();
    const health = () => until('edge health', () => edgeHealth(c.metricsUrl)) as Promise<EdgeHealth>;
    const cases = [
      { name: 'sensor 10 min ahead', offset: 10 * MIN, accept: false },
      { name: 'sensor 2 min ahead', offset: 2 * MIN, accept: true },
      { name: 'sensor 1 day behind', offset: -1440 * MIN, accept: true },
    ];
    let wrong = 0;
    for (const [i, k] of cases.entries()) {
      const before = await health();
      await devices.raw(topicOf(`skew-${i}`), `{"ts":${Date.now() + k.offset},"readings":{"temp":40}}`);
      const after = await until(`${k.name} to be judged`, async () => {
        const h = await health();
        return h.samplesAccepted > before.samplesAccepted ||
          h.badMessages.future_timestamp > before.badMessages.future_timestamp
          ? h
          : undefined;
      });
      const accepted = after.samplesAccepted > before.samplesAccepted;
      if (accepted !== k.accept) wrong++;
      report.add(k.name, {
        want: k.accept ? 'accepted' : 'rejected',
        got: accepted ? 'accepted' : 'rejected',
      });
    }
    expect(wrong).toBe(0);
  }, 120_000);

  it('a gateway clock an hour ahead still delivers each alert once', async () => {
    const c = cluster as Cluster;
    const d = devices as FaultInjector;
    await c.edge?.stop();
    await c.startEdge({}, { clockSkewMs: 60 * MIN });
    const api = new CloudApi(c.cloudUrl);
    await api.login('admin', c.adminPassword);
    for (let i = 0; i < 5; i++) await d.fault(`skewed-gw-${i}`);
    await waitForDelivery(api, d.faulted, 60_000);
    const outcome = await countOutcome(api, d.faulted);
    // The gateway's status carries its own clock: it shows the skew.
    const gateways = (await api.call('GET', '/gateways')).body as { items: { statusAt: number }[] };
    const aheadMin = Math.max(...gateways.items.map((g) => (g.statusAt - Date.now()) / MIN));
    report.add('gateway clock +60 min', { ...outcome, gatewayClockAheadMin: Math.round(aheadMin) });
    expect(aheadMin).toBeGreaterThan(50);
    expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0, falseOrders: 0 });
  }, 120_000);
});
