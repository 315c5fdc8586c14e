// R6: the acknowledgement is lost after the cloud committed. Over HTTP the answer to POST /alerts
// never arrives and the gateway retries; over MQTT the broker's PUBACK to the edge is lost and the
// edge resends from its outbox. Either way the retry returns the same work order, no duplicate.
import { afterAll, describe, expect, it } from 'vitest';
import { makeAlert } from '../src/chaos/alerts.js';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import { TcpProxy } from '../src/chaos/proxy.js';
import { FULL, Report } from '../src/chaos/report.js';

const ROUNDS = FULL ? 50 : 8;
const report = new Report('R6 lost acknowledgement');

describe('R6: acknowledgement lost after the cloud committed', () => {
  const clusters: Cluster[] = [];
  const proxies: TcpProxy[] = [];
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    report.print();
    await devices?.close();
    for (const p of proxies) await p.close();
    for (const c of clusters) await c.stop();
  });

  it('HTTP: the retry gets the stored result', async () => {
    const cluster = await startCluster({ startEdge: false });
    clusters.push(cluster);
    const proxy = new TcpProxy({ port: cluster.ports.cloud });
    proxies.push(proxy);
    await proxy.listen();
    const viaProxy = new CloudApi(proxy.httpUrl, cluster.gatewayKey);
    let duplicatesReported = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const alert = makeAlert(`http-${i}`);
      proxy.loseAnswers = 1;
      await expect(viaProxy.call('POST', '/alerts', { body: alert })).rejects.toThrow();
      const retry = await viaProxy.call('POST', '/alerts', { body: alert });
      expect(retry.status, retry.text).toBe(200);
      if ((retry.body as { duplicate: boolean }).duplicate) duplicatesReported++;
    }
    const admin = new CloudApi(cluster.cloudUrl);
    await admin.login('admin', cluster.adminPassword);
    const orders = await admin.workOrders();
    const ids = await admin.alertIds();
    report.add('HTTP answer lost', {
      rounds: ROUNDS,
      answersLost: proxy.answersLost,
      retriesSeenAsReplay: duplicatesReported,
      workOrders: orders.length,
      duplicates: [...ids.values()].filter((n) => n > 1).length + orders.length - ROUNDS,
    });
    expect(duplicatesReported).toBe(ROUNDS);
    expect(orders).toHaveLength(ROUNDS);
    expect(ids.size).toBe(ROUNDS);
  }, 120_000);

  it('MQTT: the edge resends after a lost PUBACK; the cloud keeps one', async () => {
    const cluster = await startCluster({
      proxyUplink: true,
      edgeExtra: { uplink: { statusInterval: 3_600_000 } },
    });
    clusters.push(cluster);
    const proxy = cluster.proxy as TcpProxy;
    devices = new FaultInjector(cluster.siteUrl, cluster.users.tester);
    await devices.connect();
    const api = new CloudApi(cluster.cloudUrl);
    await api.login('admin', cluster.adminPassword);
    for (let i = 0; i < ROUNDS; i++) {
      const cut = proxy.answersLost;
      proxy.loseAnswers = 1;
      await devices.fault(`mqtt-${i}`);
      await until('the answer to be lost', () => proxy.answersLost > cut);
      await waitForDelivery(api, devices.faulted, 30_000);
      await until(
        'the outbox to drain',
        async () => (await edgeHealth(cluster.metricsUrl))?.outboxDepth === 0,
      );
    }
    const outcome = await countOutcome(api, devices.faulted);
    const h = await edgeHealth(cluster.metricsUrl);
    report.add('MQTT PUBACK lost', {
      rounds: ROUNDS,
      answersLost: proxy.answersLost,
      reconnects: h?.uplinkReconnects ?? -1,
      ...outcome,
    });
    expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0, falseOrders: 0 });
  }, 180_000);
});
