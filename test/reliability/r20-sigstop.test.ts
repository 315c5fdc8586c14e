// R20: the uplink broker, the cloud and the edge are each frozen (SIGSTOP) and thawed while faults
// keep arriving. Nothing is lost or duplicated and every client finds its way back.
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector, faultsDuring } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import type { ManagedProcess } from '../src/chaos/process.js';
import { FULL, Report } from '../src/chaos/report.js';

const FREEZE_MS = FULL ? 30_000 : 4_000;
const report = new Report('R20 SIGSTOP');

describe.runIf(FULL)('R20: SIGSTOP broker, cloud, edge', () => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  it(`freezes each for ${FREEZE_MS / 1000} s without loss or a stuck client`, async () => {
    cluster = await startCluster({ keepaliveSeconds: 2 });
    const c = cluster;
    const api = new CloudApi(c.cloudUrl);
    await api.login('admin', c.adminPassword);
    devices = new FaultInjector(c.siteUrl, c.users.tester);
    await devices.connect();
    const targets: [string, () => ManagedProcess][] = [
      ['uplink broker', () => c.uplink],
      ['cloud', () => c.cloud],
      ['edge', () => c.edge as ManagedProcess],
    ];
    for (const [name, proc] of targets) {
      proc().signal('SIGSTOP');
      await faultsDuring(devices, name.replace(' ', '-'), { durationMs: FREEZE_MS, everyMs: 250 });
      proc().signal('SIGCONT');
      const t0 = Date.now();
      await until('the edge uplink', async () => (await edgeHealth(c.metricsUrl))?.uplinkConnected, 60_000);
      const drainMs = await waitForDelivery(api, devices.faulted, 60_000);
      const outcome = await countOutcome(api, devices.faulted);
      report.add(name, { freezeMs: FREEZE_MS, recoveryMs: Date.now() - t0, drainMs, ...outcome });
      expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0, falseOrders: 0 });
    }
  }, 300_000);
});
