// Fuzzing the real processes: random telemetry and Sparkplug payloads into the edge, random API
// bodies into the cloud. Nothing may crash, nothing may answer 5xx or leak internals, and no
// generated reading may raise an alert. A failing seed is printed; keep it in fuzz-regressions.json.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlert } from '../src/chaos/alerts.js';
import { leaksInternals } from '../src/chaos/api-abuse.js';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { SITE_ID } from '../src/chaos/edge-config.js';
import { FaultInjector } from '../src/chaos/faults.js';
import { alertBody, editBody, sparkplugMessage, telemetryPayload } from '../src/chaos/fuzz-inputs.js';
import { until } from '../src/chaos/ports.js';
import { CloudApi, edgeHealth } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const RUNS = FULL ? 3_000 : 150;
const SEED = Number(process.env.PDM_FUZZ_SEED ?? Date.now() % 2 ** 31);
const regressions = JSON.parse(
  readFileSync(new URL('./fuzz-regressions.json', import.meta.url), 'utf8'),
) as Record<'telemetry' | 'sparkplug' | 'api', { seed: number; numRuns: number }[]>;
const report = new Report('fuzz');
const runsOf = (kind: keyof typeof regressions) => [{ seed: SEED, numRuns: RUNS }, ...regressions[kind]];

describe(`fuzzing the edge and the cloud (seed ${SEED}, PDM_FUZZ_SEED to replay)`, () => {
  let cluster: Cluster;
  let devices: FaultInjector;
  let orderId: string;
  beforeAll(async () => {
    cluster = await startCluster();
    devices = new FaultInjector(cluster.siteUrl, cluster.users.tester);
    await devices.connect();
    const gateway = new CloudApi(cluster.cloudUrl, cluster.gatewayKey);
    orderId = (
      (await gateway.call('POST', '/alerts', { body: makeAlert('fuzz-target') })).body as {
        workOrderId: string;
      }
    ).workOrderId;
  }, 120_000);
  afterAll(async () => {
    report.print();
    await devices?.close();
    await cluster?.stop();
  });

  const sendAndCount = async (
    kind: 'telemetry' | 'sparkplug',
    messages: { topic: string; payload: Buffer }[],
  ) => {
    const before = await until('edge health', () => edgeHealth(cluster.metricsUrl));
    for (const m of messages) await devices.raw(m.topic, m.payload);
    const after = await until(`the edge to count ${messages.length} ${kind} messages`, async () => {
      const h = await edgeHealth(cluster.metricsUrl);
      return h && h.messages >= before.messages + messages.length ? h : undefined;
    });
    const bad =
      Object.values(after.badMessages).reduce((a, b) => a + b, 0) -
      Object.values(before.badMessages).reduce((a, b) => a + b, 0);
    return { after, bad };
  };

  /** Record a fuzz run and check the edge is still up and raised no alert from it. */
  const expectEdgeSurvived = (
    kind: 'telemetry' | 'sparkplug',
    run: { seed: number; numRuns: number },
    { after, bad }: Awaited<ReturnType<typeof sendAndCount>>,
  ) => {
    report.add(`${kind} seed ${run.seed}`, {
      tried: run.numRuns,
      rejected: bad,
      crashes: cluster.edge?.running ? 0 : 1,
      alerts: after.alertsOpened,
    });
    expect(cluster.edge?.running, `edge crashed; keep seed ${run.seed}`).toBe(true);
    expect(after.alertsOpened, `alert from fuzz input; keep seed ${run.seed}`).toBe(0);
  };

  it.each(runsOf('telemetry'))(
    'telemetry payloads, seed $seed x $numRuns',
    async ({ seed, numRuns }) => {
      const payloads = fc.sample(telemetryPayload, { seed, numRuns });
      const messages = payloads.map((payload, i) => ({
        topic: `pdm/v1/${SITE_ID}/fuzz-${i % 7}/telemetry`,
        payload,
      }));
      expectEdgeSurvived('telemetry', { seed, numRuns }, await sendAndCount('telemetry', messages));
    },
    120_000,
  );

  it.each(runsOf('sparkplug'))(
    'Sparkplug payloads, seed $seed x $numRuns',
    async ({ seed, numRuns }) => {
      const messages = fc.sample(sparkplugMessage, { seed, numRuns });
      expectEdgeSurvived('sparkplug', { seed, numRuns }, await sendAndCount('sparkplug', messages));
    },
    120_000,
  );

  it.each(runsOf('api'))(
    'API bodies, seed $seed x $numRuns',
    async ({ seed, numRuns }) => {
      const admin = new CloudApi(cluster.cloudUrl);
      await admin.login('admin', cluster.adminPassword);
      const gateway = new CloudApi(cluster.cloudUrl, cluster.gatewayKey);
      const codes = new Map<number, number>();
      const target = fc.constantFrom(
        { api: gateway, method: 'POST', path: '/alerts', body: alertBody },
        { api: admin, method: 'PATCH', path: `/work-orders/${orderId}`, body: editBody },
        { api: admin, method: 'POST', path: `/work-orders/${orderId}/transitions`, body: editBody },
        { api: admin, method: 'POST', path: '/auth/login', body: editBody },
      );
      const request = target.chain((t) => t.body.map((body) => ({ ...t, body })));
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const res = await r.api.call(r.method, r.path, {
            raw: JSON.stringify(r.body) ?? 'null',
            headers: { 'content-type': 'application/json' },
          });
          codes.set(res.status, (codes.get(res.status) ?? 0) + 1);
          return res.status < 500 && !leaksInternals(res.text);
        }),
        { seed, numRuns },
      );
      report.add(`api seed ${seed}`, {
        tried: numRuns,
        crashes: cluster.cloud.running ? 0 : 1,
        ...Object.fromEntries([...codes].map(([k, v]) => [`http${k}`, v])),
      });
      expect(cluster.cloud.running).toBe(true);
    },
    180_000,
  );
});
