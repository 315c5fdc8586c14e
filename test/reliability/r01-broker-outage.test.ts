// R1: the uplink broker is stopped while faults keep arriving at the edge. Every committed alert
// must reach the cloud exactly once after it comes back; the edge stays up with bounded memory.
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const OUTAGE_MS = FULL ? 60_000 : 6_000;
const report = new Report('R1 broker outage');

describe('R1: uplink broker stopped while faults keep being injected', () => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  it('loses nothing, duplicates nothing, drains after the broker returns', async () => {
    cluster = await startCluster({ uplinkBroker: 'mosquitto', keepaliveSeconds: 2 });
    const c = cluster;
    const api = new CloudApi(c.cloudUrl);
    await api.login('admin', c.adminPassword);
    devices = new FaultInjector(c.siteUrl, c.users.tester);
    await devices.connect();
    for (let i = 0; i < 3; i++) await devices.fault(`before-${i}`);
    await waitForDelivery(api, devices.faulted, 30_000);

    await c.uplink.stop();
    const outageStart = Date.now();
    let peakRss = 0;
    let n = 0;
    while (Date.now() - outageStart < OUTAGE_MS) {
      await devices.fault(`during-${n++}`);
      await devices.healthySample('healthy-1');
      peakRss = Math.max(peakRss, c.edge?.usage().rssBytes ?? 0);
      await new Promise((r) => setTimeout(r, 250));
    }
    const held = await until('the outbox to hold the outage alerts', async () => {
      const h = await edgeHealth(c.metricsUrl);
      return h && h.outboxDepth >= n ? h : undefined;
    });
    expect(held.uplinkConnected).toBe(false);

    await c.startUplinkBroker();
    const back = Date.now();
    await until('the uplink to reconnect', async () => (await edgeHealth(c.metricsUrl))?.uplinkConnected);
    const reconnectMs = Date.now() - back;
    const drainMs = await waitForDelivery(api, devices.faulted, 60_000);
    await until('the outbox to drain', async () => (await edgeHealth(c.metricsUrl))?.outboxDepth === 0);
    const outcome = await countOutcome(api, devices.faulted);
    report.add(`outage ${OUTAGE_MS / 1000}s`, {
      ...outcome,
      heldInOutbox: held.outboxDepth,
      reconnectMs,
      drainMs: reconnectMs + drainMs,
      peakRssMB: Math.round(peakRss / 2 ** 20),
    });
    expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0, falseOrders: 0 });
    expect(c.edge?.running).toBe(true);
    expect(peakRss).toBeLessThan(400 * 2 ** 20);
  }, 180_000);
});
