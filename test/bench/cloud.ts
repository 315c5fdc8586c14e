// Cloud alert ingest: alerts per second through the real HTTP API (auth, validation, dedupe by id,
// correlation into work orders) with a share of replays, and request latency, on SQLite (a file
// with WAL and synchronous=FULL) and on PostgreSQL.
//   npx tsx test/bench/main.ts cloud [--alerts 3000] [--concurrency 16] [--replays 0.2] [--json]
//   PostgreSQL from PDM_TEST_PG_URL (default postgres://pdm:pdm@127.0.0.1:15432/pdm); skipped if absent.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CloudService, loadCloudConfig, startCloud } from '@pdm/cloud';
import { type Alert, createUlidFactory, seededRandom } from '@pdm/shared';
import { option, quantile, report, trackPeakRss } from './lib/report.js';

const MODES = [
  'bearing_wear',
  'imbalance',
  'misalignment',
  'cavitation',
  'lubrication_loss',
  'overheating',
  'seal_leak',
];
const ASSETS = 50;
const KEY = 'bench-gateway-key-0123456789abcdef';

function workload(count: number, replayShare: number, site: string, seed = 42): Alert[] {
  const random = seededRandom(seed);
  const ulid = createUlidFactory(random);
  // Ids embed the current time so runs against a database that keeps data never collide.
  const t0 = Date.now() - count * 1_000 - seed * 10_000_000;
  const unique: Alert[] = [];
  for (let i = 0; i < count; i++) {
    const observedAt = t0 + i * 1_000;
    const evidence: [number, number][] = Array.from({ length: 60 }, (_, k) => [
      observedAt - (60 - k) * 1_000,
      5 + random(),
    ]);
    unique.push({
      id: ulid(observedAt),
      gatewayId: 'gw-bench',
      siteId: site,
      assetId: `${site}-a${i % ASSETS}`,
      source: 'rule',
      ruleOrModel: 'vib-rms-high',
      version: '1',
      failureMode: MODES[Math.floor(i / ASSETS) % MODES.length] as string,
      severity: i % 5 === 0 ? 'major' : 'warning',
      state: 'open',
      openedAt: observedAt,
      observedAt,
      score: 7 + random(),
      threshold: 6,
      evidence: { vib_rms: evidence },
    });
  }
  const replays = Array.from(
    { length: Math.round(count * replayShare) },
    (_, i) => unique[Math.floor(random() * Math.min(i + 1, count))] as Alert,
  );
  const all = [...unique];
  for (const [i, alert] of replays.entries()) {
    all.splice(Math.min(all.length, Math.floor((i + 1) / replayShare)), 0, alert);
  }
  return all;
}

async function run(cloud: CloudService, alerts: Alert[], concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    for (let i = next++; i < alerts.length; i = next++) {
      const started = performance.now();
      const res = await fetch(`${cloud.url}/api/v1/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(alerts[i]),
      });
      await res.arrayBuffer();
      if (res.status !== 200) failures += 1;
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies, failures };
}

async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432) });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function bench(
  dialect: string,
  databaseUrl: string,
  opts: { alerts: number; concurrency: number; replays: number },
) {
  const site = `bench-${Date.now().toString(36)}`;
  const config = loadCloudConfig(
    {},
    {
      databaseUrl,
      port: 0,
      logLevel: 'silent',
      jobs: { enabled: false },
      http: { rateLimitMax: 10_000_000 },
      bootstrap: { gatewayKeys: [{ gatewayId: 'gw-bench', key: KEY }] },
    },
  );
  const cloud = await startCloud(config);
  try {
    const alerts = workload(opts.alerts, opts.replays, site);
    await run(cloud, workload(50, 0, `${site}w`, 7), 4); // warm-up on assets of its own
    const before = cloud.stats();
    const cpuBefore = process.cpuUsage();
    const { seconds, latencies, failures } = await run(cloud, alerts, opts.concurrency);
    const cpu = process.cpuUsage(cpuBefore);
    const after = cloud.stats();
    const single = await run(cloud, workload(300, 0, `${site}s`, 9), 1);
    return {
      [`${dialect}_alerts_per_s`]: alerts.length / seconds,
      // Client and server share this process: CPU per alert is the load-independent figure.
      [`${dialect}_cpu_ms_per_alert`]: (cpu.user + cpu.system) / 1000 / alerts.length,
      [`${dialect}_p50_ms`]: quantile(latencies, 0.5),
      [`${dialect}_p99_ms`]: quantile(latencies, 0.99),
      [`${dialect}_duplicates`]: after.alertsDuplicate - before.alertsDuplicate,
      [`${dialect}_work_orders`]: after.workOrders - before.workOrders,
      [`${dialect}_failures`]: failures + single.failures,
      [`${dialect}_one_client_p50_ms`]: quantile(single.latencies, 0.5),
      [`${dialect}_one_client_p99_ms`]: quantile(single.latencies, 0.99),
    };
  } finally {
    await cloud.stop();
  }
}

export async function main(args: string[]): Promise<void> {
  const opts = {
    alerts: Number(option(args, '--alerts', '3000')),
    concurrency: Number(option(args, '--concurrency', '16')),
    replays: Number(option(args, '--replays', '0.2')),
  };
  const rss = trackPeakRss();
  const dir = mkdtempSync(join(tmpdir(), 'pdm-cloud-bench-'));
  const figures: Record<string, unknown> = { ...opts, pairs: ASSETS * MODES.length };
  try {
    Object.assign(figures, await bench('sqlite', join(dir, 'cloud.db'), opts));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pgUrl = process.env.PDM_TEST_PG_URL ?? 'postgres://pdm:pdm@127.0.0.1:15432/pdm';
  if (await reachable(pgUrl)) Object.assign(figures, await bench('pg', pgUrl, opts));
  else figures.pg = `skipped: ${pgUrl} not reachable`;
  figures.peak_rss_mib = rss.stop();
  report('cloud alert ingest (HTTP, dedupe + correlation)', figures, args);
}
