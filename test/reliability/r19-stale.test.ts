// R19: a Sparkplug node whose link dies (its last will, NDEATH, comes after the keepalive) or whose
// sequence jumps is marked stale by the edge; stale data never raises an alert. When the edge
// gateway itself freezes, the cloud sees its last will (offline) within the keepalive bound.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector } from '../src/chaos/faults.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, type EdgeHealth, edgeHealth } from '../src/chaos/probes.js';
import { TcpProxy } from '../src/chaos/proxy.js';
import { Report } from '../src/chaos/report.js';
import { SparkplugNode } from '../src/chaos/sparkplug-node.js';

const KEEPALIVE_S = 1;
const EDGE_KEEPALIVE_S = 2;
const report = new Report('R19 stale data');

describe('R19: dead gateways and sequence gaps make data stale', () => {
  let cluster: Cluster;
  let devices: FaultInjector;
  const nodes: SparkplugNode[] = [];
  let proxy: TcpProxy | undefined;
  const health = async (): Promise<EdgeHealth> =>
    until('edge health', () => edgeHealth(cluster.metricsUrl), 10_000);
  const staleCount = async () => (await health()).badMessages.stale;

  beforeAll(async () => {
    cluster = await startCluster({ keepaliveSeconds: EDGE_KEEPALIVE_S });
    devices = new FaultInjector(cluster.siteUrl, cluster.users.tester);
    await devices.connect();
  }, 120_000);
  afterAll(async () => {
    report.print();
    for (const n of nodes) await n.close();
    await proxy?.close();
    await devices?.close();
    await cluster?.stop();
  });

  const newNode = async (name: string, url: string) => {
    const node = new SparkplugNode(
      { group: 'plant-9', node: name, device: `${name}-dev` },
      cluster.users.tester,
    );
    nodes.push(node);
    await node.connect(url, KEEPALIVE_S);
    const before = (await health()).samplesAccepted;
    await node.data(40);
    await until('the first sample to be accepted', async () => (await health()).samplesAccepted > before);
    return node;
  };

  it('a sequence gap makes the device stale; hot values then raise nothing', async () => {
    const node = await newNode('gap-node', cluster.siteUrl);
    const stale0 = await staleCount();
    const t0 = Date.now();
    await node.data(150, 3);
    await until('the gap to be flagged stale', async () => (await staleCount()) > stale0);
    const gapMs = Date.now() - t0;
    for (let i = 0; i < 5; i++) await node.data(150);
    await until('hot stale samples to be rejected', async () => (await staleCount()) >= stale0 + 6);
    const h = await health();
    report.add('sequence gap', {
      timeToStaleMs: gapMs,
      rebirths: h.rebirthsRequested,
      alertsFromStale: h.alertsOpened,
    });
    expect(h.alertsOpened).toBe(0);
    expect(h.rebirthsRequested).toBeGreaterThan(0);
    await node.birth();
    await node.data(150);
    await until(
      'a fresh hot sample after rebirth to open an alert',
      async () => (await health()).alertsOpened === 1,
    );
  }, 60_000);

  it('a node whose link goes silent is stale within 1.5 keepalives (last will)', async () => {
    const site = cluster.ports.site;
    proxy = new TcpProxy({ port: site });
    await proxy.listen();
    const node = await newNode('silent-node', proxy.url);
    const opened = (await health()).alertsOpened;
    const stale0 = await staleCount();
    proxy.set('blackhole');
    const t0 = Date.now();
    await until(
      'the node to be stale',
      async () => {
        const probe = node.dataMessage(40);
        await devices.raw(probe.topic, probe.payload);
        return (await staleCount()) > stale0;
      },
      15_000,
    );
    const staleMs = Date.now() - t0;
    const stale1 = await staleCount();
    for (let i = 0; i < 5; i++) {
      const hot = node.dataMessage(150);
      await devices.raw(hot.topic, hot.payload);
    }
    await until('hot samples after the will to be rejected', async () => (await staleCount()) >= stale1 + 5);
    const h = await health();
    report.add('link blackholed', {
      keepaliveMs: KEEPALIVE_S * 1000,
      timeToStaleMs: staleMs,
      alertsFromStale: h.alertsOpened - opened,
    });
    expect(h.alertsOpened).toBe(opened);
    expect(staleMs).toBeLessThan(KEEPALIVE_S * 1500 + 2_000);
  }, 60_000);

  // The broker publishes the edge's last will within the bound. Its `ts` is the time the connection
  // was made, older than the statuses sent since; it is marked `lastWill` and carries its connection's
  // `session`, so the cloud applies it after that session's statuses.
  it('a frozen edge gateway is offline at the cloud within 1.5 keepalives', async () => {
    const api = new CloudApi(cluster.cloudUrl);
    await api.login('admin', cluster.adminPassword);
    const gatewayState = async () => {
      const res = await api.call('GET', '/gateways');
      return (res.body as { items: { id: string; state: string }[] }).items.find((g) => g.id === 'gw-chaos')
        ?.state;
    };
    await until('the gateway to be known online', async () => (await gatewayState()) === 'online');
    const watcher = await mqtt.connectAsync(cluster.uplinkUrl, {
      ...loginOf(cluster.users.tester),
      reconnectPeriod: 0,
    });
    let willAfterMs = -1;
    const t0 = Date.now();
    watcher.on('message', (_t, payload) => {
      if (willAfterMs < 0 && String(payload).includes('"offline"')) willAfterMs = Date.now() - t0;
    });
    await watcher.subscribeAsync('pdm/v1/gateways/+/status', { qos: 1 });
    cluster.edge?.signal('SIGSTOP');
    let offlineMs = -1;
    try {
      await until('the gateway to be offline', async () => (await gatewayState()) === 'offline', 8_000);
      offlineMs = Date.now() - t0;
    } finally {
      cluster.edge?.signal('SIGCONT');
      await watcher.endAsync(true);
      report.add('edge frozen (SIGSTOP)', {
        keepaliveMs: EDGE_KEEPALIVE_S * 1000,
        willSeenMs: willAfterMs,
        cloudOfflineMs: offlineMs,
      });
    }
    expect(willAfterMs).toBeGreaterThan(0);
    expect(offlineMs).toBeLessThan(EDGE_KEEPALIVE_S * 1500 + 3_000);
  }, 90_000);

  it("the broker publishes the frozen edge's last will within 1.5 keepalives", async () => {
    await until('the edge to be back', async () => (await health()).uplinkConnected, 30_000);
    const watcher = await mqtt.connectAsync(cluster.uplinkUrl, {
      ...loginOf(cluster.users.tester),
      reconnectPeriod: 0,
    });
    let willAfterMs = -1;
    let t0 = 0;
    watcher.on('message', (_t, payload) => {
      if (t0 > 0 && willAfterMs < 0 && String(payload).includes('"offline"')) willAfterMs = Date.now() - t0;
    });
    await watcher.subscribeAsync('pdm/v1/gateways/+/status', { qos: 1 });
    await new Promise((r) => setTimeout(r, 300)); // let the retained status arrive before the clock starts
    t0 = Date.now();
    cluster.edge?.signal('SIGSTOP');
    try {
      await until('the last will', () => willAfterMs > 0, 15_000);
    } finally {
      cluster.edge?.signal('SIGCONT');
      await watcher.endAsync(true);
    }
    report.add('edge frozen: last will', { keepaliveMs: EDGE_KEEPALIVE_S * 1000, willSeenMs: willAfterMs });
    expect(willAfterMs).toBeLessThan(EDGE_KEEPALIVE_S * 1500 + 2_000);
    await until('the edge to reconnect', async () => (await health()).uplinkConnected, 30_000);
  }, 90_000);
});

function loginOf(u: { username: string; password: string }) {
  return { username: u.username, password: u.password };
}
