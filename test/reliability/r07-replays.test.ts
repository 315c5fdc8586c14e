// R7: every alert sent 5 times at once, over HTTP and MQTT together, to the cloud process: exactly
// one stored alert per id, one work order per asset and failure mode, the same answer to every replay.

import { alertTopic } from '@pdm/shared';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlert } from '../src/chaos/alerts.js';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const ALERTS = FULL ? 400 : 40;
const PER_ASSET = 4;
const HTTP_COPIES = 3;
const MQTT_COPIES = 2;
const report = new Report('R7 concurrent replays');

describe('R7: each alert replayed 5 times concurrently', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ startEdge: false });
  }, 120_000);
  afterAll(async () => {
    report.print();
    await cluster?.stop();
  });

  it('stores each id once and opens one work order per asset', async () => {
    const gateway = new CloudApi(cluster.cloudUrl, cluster.gatewayKey);
    const publisher = await mqtt.connectAsync(cluster.uplinkUrl, {
      username: cluster.users.edge.username,
      password: cluster.users.edge.password,
      clientId: 'pdm-chaos-replayer',
    });
    const alerts = Array.from({ length: ALERTS }, (_, i) => makeAlert(`replay-${Math.floor(i / PER_ASSET)}`));
    const latencies: number[] = [];
    const answers = new Map<string, Set<string>>();
    const post = async (a: (typeof alerts)[number]) => {
      const start = performance.now();
      const res = await gateway.call('POST', '/alerts', { body: a });
      latencies.push(performance.now() - start);
      expect(res.status, res.text).toBe(200);
      const set = answers.get(a.id) ?? new Set();
      set.add((res.body as { workOrderId: string }).workOrderId);
      answers.set(a.id, set);
    };
    const started = Date.now();
    await Promise.all(
      alerts.flatMap((a) => [
        ...Array.from({ length: HTTP_COPIES }, () => post(a)),
        ...Array.from({ length: MQTT_COPIES }, () =>
          publisher.publishAsync(alertTopic(a.siteId, a.assetId), JSON.stringify(a), { qos: 1 }),
        ),
      ]),
    );
    await publisher.endAsync();
    const admin = new CloudApi(cluster.cloudUrl);
    await admin.login('admin', cluster.adminPassword);
    const assets = ALERTS / PER_ASSET;
    const ids = await until('every alert on a work order', async () => {
      const seen = await admin.alertIds();
      return seen.size >= ALERTS ? seen : undefined;
    });
    const orders = await admin.workOrders();
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
    const repeated = [...ids.values()].filter((n) => n > 1).length;
    const mixedAnswers = [...answers.values()].filter((s) => s.size !== 1).length;
    report.add(`${ALERTS} alerts x ${HTTP_COPIES + MQTT_COPIES}`, {
      sent: ALERTS * (HTTP_COPIES + MQTT_COPIES),
      storedAlerts: ids.size,
      ratio: ids.size / (ALERTS * (HTTP_COPIES + MQTT_COPIES)),
      workOrders: orders.length,
      expectedOrders: assets,
      repeatedIds: repeated,
      differingAnswers: mixedAnswers,
      httpP99Ms: Math.round(p99),
      totalMs: Date.now() - started,
    });
    expect(ids.size).toBe(ALERTS);
    expect(repeated).toBe(0);
    expect(orders).toHaveLength(assets);
    expect(orders.every((o) => o.alertCount === PER_ASSET)).toBe(true);
    expect(mixedAnswers).toBe(0);
  }, 180_000);
});
