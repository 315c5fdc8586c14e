// R3: the uplink broker is killed (SIGKILL) while it holds QoS 1 alerts for the cloud (the cloud is
// stopped; its persistent session makes the broker queue for it). The broker already sent its PUBACK to the edge; only an
// end-to-end acknowledgement from the cloud could let the edge's outbox resend them.
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector, faultsDuring } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const report = new Report('R3 broker kill -9 with queued QoS 1');

afterAll(() => report.print());

describe.runIf(FULL).each(['embedded', 'mosquitto'] as const)('R3: %s uplink broker killed', (kind) => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    await devices?.close();
    await cluster?.stop();
  });

  it('loses no alert the edge committed', async () => {
    cluster = await startCluster({ uplinkBroker: kind, keepaliveSeconds: 2 });
    const c = cluster;
    const api = new CloudApi(c.cloudUrl);
    await api.login('admin', c.adminPassword);
    devices = new FaultInjector(c.siteUrl, c.users.tester);
    await devices.connect();
    await c.cloud.stop();
    await faultsDuring(devices, 'queued', { durationMs: 3_000, everyMs: 100 });
    const queued = devices.faulted.length;
    await until(
      'the edge to hand every alert to the broker',
      async () => (await edgeHealth(c.metricsUrl))?.outboxDepth === 0,
      30_000,
    );
    await c.uplink.kill();
    await c.startUplinkBroker();
    await c.startCloud();
    const drainMs = await waitForDelivery(api, devices.faulted, 30_000);
    const outcome = await countOutcome(api, devices.faulted);
    report.add(kind, { queued, recovered: outcome.delivered, drainMs, ...outcome });
    expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0 });
  }, 180_000);
});
