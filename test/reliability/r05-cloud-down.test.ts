// R5: the cloud is down for a long time (10 min in the full run) while faults keep arriving. The
// edge keeps committing and sending (the uplink broker queues for the cloud's persistent session),
// stays cheap on CPU, and everything drains once the cloud is back.
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector, faultsDuring } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const DOWN_MS = Number(process.env.PDM_CHAOS_CLOUD_DOWN_MS ?? 10 * 60_000);
const report = new Report('R5 cloud down');

describe.runIf(FULL)(`R5: cloud down ${DOWN_MS / 60_000} min`, () => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  it(
    'holds every alert, stays cheap, drains after recovery',
    async () => {
      cluster = await startCluster({ uplinkBroker: 'mosquitto' });
      const c = cluster;
      devices = new FaultInjector(c.siteUrl, c.users.tester);
      await devices.connect();
      await c.cloud.stop();
      const cpu0 = c.edge?.usage().cpuMs ?? 0;
      const t0 = Date.now();
      let peakDepth = 0;
      const watch = setInterval(async () => {
        peakDepth = Math.max(peakDepth, (await edgeHealth(c.metricsUrl))?.outboxDepth ?? 0);
      }, 1_000);
      await faultsDuring(devices, 'down', { durationMs: DOWN_MS, everyMs: 1_000 });
      clearInterval(watch);
      const edgeCpuPct = (((c.edge?.usage().cpuMs ?? 0) - cpu0) / (Date.now() - t0)) * 100;
      await c.startCloud();
      const api = new CloudApi(c.cloudUrl);
      await api.login('admin', c.adminPassword);
      const drainMs = await waitForDelivery(api, devices.faulted, 120_000);
      const outcome = await countOutcome(api, devices.faulted);
      report.add(`${DOWN_MS / 1000} s down`, { ...outcome, peakOutboxDepth: peakDepth, drainMs, edgeCpuPct });
      expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0, falseOrders: 0 });
      expect(edgeCpuPct).toBeLessThan(25);
    },
    DOWN_MS + 300_000,
  );
});
