// R2: the uplink is blackholed (sockets stay open, no byte passes). The edge must notice within
// about 1.5 keepalives, keep committing alerts, and deliver all of them once the link is back.
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector, faultsDuring } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import type { TcpProxy } from '../src/chaos/proxy.js';
import { FULL, Report } from '../src/chaos/report.js';

const KEEPALIVE_S = 2;
const HOLD_MS = FULL ? 30_000 : 6_000;
const report = new Report('R2 blackholed link');

describe('R2: link blackholed', () => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  it('detects the dead link within ~1.5 keepalives and loses nothing', async () => {
    cluster = await startCluster({ proxyUplink: true, keepaliveSeconds: KEEPALIVE_S });
    const c = cluster;
    const proxy = c.proxy as TcpProxy;
    const api = new CloudApi(c.cloudUrl);
    await api.login('admin', c.adminPassword);
    devices = new FaultInjector(c.siteUrl, c.users.tester);
    await devices.connect();
    await until('the uplink', async () => (await edgeHealth(c.metricsUrl))?.uplinkConnected);
    proxy.set('blackhole');
    const t0 = Date.now();
    const detecting = until(
      'the edge to notice',
      async () => (await edgeHealth(c.metricsUrl))?.uplinkConnected === false,
      30_000,
    ).then(() => Date.now() - t0);
    await faultsDuring(devices, 'bh', { durationMs: HOLD_MS, everyMs: 200 });
    const detectMs = await detecting;
    proxy.set('pass');
    const t1 = Date.now();
    await until(
      'the uplink to come back',
      async () => (await edgeHealth(c.metricsUrl))?.uplinkConnected,
      30_000,
    );
    const recoverMs = Date.now() - t1;
    const drainMs = await waitForDelivery(api, devices.faulted, 60_000);
    const outcome = await countOutcome(api, devices.faulted);
    report.add(`blackhole ${HOLD_MS / 1000}s`, {
      keepaliveMs: KEEPALIVE_S * 1000,
      detectMs,
      recoverMs,
      drainMs,
      ...outcome,
    });
    expect(detectMs).toBeLessThan(KEEPALIVE_S * 1000 * 1.5 + 2_500);
    expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0, falseOrders: 0 });
  }, 180_000);
});
