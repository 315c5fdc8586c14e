// R21: a soak with random faults and connection churn (uplink blackholes, broker restarts, a frozen
// cloud, devices connecting and leaving) while faults keep arriving. Memory and file descriptors of
// the edge, the cloud and the site broker must not grow; no alert may be lost or duplicated.
import { seededRandom } from '@pdm/shared';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { FaultInjector } from '../src/chaos/faults.js';
import { countOutcome, waitForDelivery } from '../src/chaos/outcome.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import type { ManagedProcess } from '../src/chaos/process.js';
import type { TcpProxy } from '../src/chaos/proxy.js';
import { FULL, Report } from '../src/chaos/report.js';
import { laterHalf, slopePerMinute, type UsageSample } from '../src/chaos/slope.js';

const SOAK_MS = Number(process.env.PDM_CHAOS_SOAK_MS ?? 10 * 60_000);
const SEED = Number(process.env.PDM_CHAOS_SEED ?? Date.now() % 2 ** 31);
const report = new Report('R21 soak');

/** One random disturbance, over within a few seconds. */
async function disturb(c: Cluster, pick: number): Promise<string> {
  const proxy = c.proxy as TcpProxy;
  if (pick < 0.3) {
    proxy.set('blackhole');
    await new Promise((r) => setTimeout(r, 3_000));
    proxy.set('pass');
    return 'blackhole';
  }
  if (pick < 0.5) {
    await c.uplink.stop();
    await c.startUplinkBroker();
    return 'broker restart';
  }
  if (pick < 0.7) {
    c.cloud.signal('SIGSTOP');
    await new Promise((r) => setTimeout(r, 2_000));
    c.cloud.signal('SIGCONT');
    return 'cloud frozen';
  }
  const churn = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      mqtt.connectAsync(c.siteUrl, {
        ...c.users.sim,
        clientId: `churn-${i}-${Date.now()}`,
        reconnectPeriod: 0,
      }),
    ),
  );
  await Promise.all(churn.map((m, i) => (i % 2 ? m.endAsync() : Promise.resolve(m.stream.destroy()))));
  return 'connection churn';
}

describe.runIf(FULL)(`R21: soak ${SOAK_MS / 60_000} min (seed ${SEED})`, () => {
  let cluster: Cluster | undefined;
  let devices: FaultInjector | undefined;
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  it(
    'shows no memory or descriptor growth and loses nothing',
    async () => {
      // Mosquitto with persistence: a restart keeps the cloud's session (an in-memory broker restart
      // loses what it acknowledged to the edge, see R3).
      cluster = await startCluster({ uplinkBroker: 'mosquitto', proxyUplink: true, keepaliveSeconds: 2 });
      const c = cluster;
      const random = seededRandom(SEED);
      const api = new CloudApi(c.cloudUrl);
      await api.login('admin', c.adminPassword);
      devices = new FaultInjector(c.siteUrl, c.users.tester);
      await devices.connect();
      const watched: [string, () => ManagedProcess][] = [
        ['edge', () => c.edge as ManagedProcess],
        ['cloud', () => c.cloud],
        ['site broker', () => c.site],
      ];
      const series = new Map(
        watched.map(([name]) => [name, { rss: [] as UsageSample[], fds: [] as UsageSample[] }]),
      );
      const start = Date.now();
      const disturbances = new Map<string, number>();
      let n = 0;
      while (Date.now() - start < SOAK_MS) {
        const kind = await disturb(c, random());
        disturbances.set(kind, (disturbances.get(kind) ?? 0) + 1);
        for (let i = 0; i < 10; i++) {
          await devices.fault(`soak-${n++}`);
          await devices.healthySample('soak-healthy');
          await new Promise((r) => setTimeout(r, 200));
        }
        for (const [name, proc] of watched) {
          const u = proc().usage();
          const s = series.get(name);
          s?.rss.push({ atMs: Date.now() - start, value: u.rssBytes / 2 ** 20 });
          s?.fds.push({ atMs: Date.now() - start, value: u.fds });
        }
      }
      await until('the uplink', async () => (await edgeHealth(c.metricsUrl))?.uplinkConnected, 60_000);
      const drainMs = await waitForDelivery(api, devices.faulted, 120_000);
      const outcome = await countOutcome(api, devices.faulted);
      const end = await edgeHealth(c.metricsUrl);
      report.add('alerts', {
        ...outcome,
        drainMs,
        outboxDepth: end?.outboxDepth ?? -1,
        edgeDelivered: end?.alertsDelivered ?? -1,
        ...Object.fromEntries(disturbances),
      });
      for (const [name, s] of series) {
        const rssSlope = slopePerMinute(laterHalf(s.rss));
        const fdSlope = slopePerMinute(laterHalf(s.fds));
        report.add(name, {
          rssStartMB: Math.round(s.rss[0]?.value ?? 0),
          rssEndMB: Math.round(s.rss.at(-1)?.value ?? 0),
          rssSlopeMBPerMin: rssSlope,
          fdStart: s.fds[0]?.value ?? 0,
          fdEnd: s.fds.at(-1)?.value ?? 0,
          fdSlopePerMin: fdSlope,
        });
        expect(rssSlope, `${name} RSS slope`).toBeLessThan(2);
        expect(fdSlope, `${name} FD slope`).toBeLessThan(1);
      }
      expect(outcome).toMatchObject({ lost: 0, duplicateOrders: 0, duplicateAlerts: 0, falseOrders: 0 });
    },
    SOAK_MS + 300_000,
  );
});
