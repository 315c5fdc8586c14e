// R3: the uplink broker is killed (SIGKILL) while it holds QoS 1 alerts for the cloud (the cloud is
// stopped; its persistent session makes the broker queue for it). The broker already sent its
// PUBACK to the edge; the edge keeps each alert until the cloud's receipt, so it sends them again.
// Short form: the embedded broker, 1.5 s of faults; full: both brokers, 3 s.
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector, faultsDuring } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const report = new Report('R3 broker kill -9 with queued QoS 1');

afterAll(() => report.print());

const KINDS = FULL ? (['embedded', 'mosquitto'] as const) : (['embedded'] as const);

describe.each(KINDS)('R3: %s uplink broker killed', (kind) => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    await devices?.close();
    await cluster?.stop();
  });

  it('loses no alert the edge committed', async () => {
    // The restarted broker has no session for the cloud: what the edge resends on reconnect, before
    // the cloud subscribes again, is dropped. The cloud, subscribed again without a session, asks
    // the gateway to resend: delivery must not wait for the receipt timeout (a minute here).
    const edgeExtra = { uplink: { receiptTimeout: 60_000 } };
    cluster = await startCluster({ uplinkBroker: kind, keepaliveSeconds: 2, edgeExtra });
    const c = cluster;
    const api = new CloudApi(c.cloudUrl);
    await api.login('admin', c.adminPassword);
    devices = new FaultInjector(c.siteUrl, c.users.tester);
    await devices.connect();
    await c.cloud.stop();
    await faultsDuring(devices, 'queued', { durationMs: FULL ? 3_000 : 1_500, everyMs: 100 });
    const queued = devices.faulted.length;
    // Every alert acknowledged by the broker and still awaiting the cloud's receipt.
    const atKill = await until(
      'the edge to hand every alert to the broker',
      async () => {
        const h = await edgeHealth(c.metricsUrl);
        return h && h.alertsAwaitingReceipt >= queued && h.outboxDepth === h.alertsAwaitingReceipt
          ? h
          : undefined;
      },
      30_000,
    );
    await c.uplink.kill();
    await c.startUplinkBroker();
    await c.startCloud();
    const drainMs = await waitForDelivery(api, devices.faulted, 30_000);
    const outcome = await countOutcome(api, devices.faulted);
    const end = await edgeHealth(c.metricsUrl);
    report.add(kind, {
      queued,
      awaitingReceiptAtKill: atKill.alertsAwaitingReceipt,
      recovered: outcome.delivered,
      drainMs,
      ...outcome,
      outboxDepthAfter: end?.outboxDepth ?? -1,
    });
    expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0 });
  }, 180_000);
});
