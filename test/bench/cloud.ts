// Cloud alert ingest: alerts per second through the real HTTP API of the pdm-cloud CLI running in
// a child process (auth, validation, dedupe by id, correlation into work orders) with a share of
// replays; request latency; server and client CPU per alert. On SQLite (a file with WAL and
// synchronous=FULL) and on PostgreSQL.
//   npx tsx test/bench/main.ts cloud [--alerts 3000] [--concurrency 16] [--replays 0.2] [--json]
//   PostgreSQL from PDM_TEST_PG_URL (default postgres://pdm:pdm@127.0.0.1:15432/pdm); skipped if absent.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Alert, createUlidFactory, seededRandom } from '@pdm/shared';
import { answers } from '../src/servers.js';
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
/** Linux clock ticks per second (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;

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

async function run(url: string, alerts: Alert[], concurrency: number) {
  const latencies: number[] = [];
  const tally = { failures: 0, duplicates: 0, created: 0 };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < alerts.length; i = next++) {
      const started = performance.now();
      const res = await fetch(`${url}/api/v1/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(alerts[i]),
      });
      const body = (await res.json()) as { duplicate?: boolean; outcome?: string };
      latencies.push(performance.now() - started);
      if (res.status !== 200) tally.failures += 1;
      if (body.duplicate) tally.duplicates += 1;
      else if (body.outcome === 'created') tally.created += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies, ...tally };
}

/** The pdm-cloud CLI in a child process, so that server CPU is measured apart from the client's. */
async function startServer(
  env: Record<string, string>,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const main = fileURLToPath(new URL('../../cloud/src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, PDM_CLOUD_PORT: '0', PDM_CLOUD_LOG_LEVEL: 'info', PDM_CLOUD_JOBS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`pdm-cloud exited with ${code} before listening`)));
    lines.on('line', (line) => {
      const match = /"url":"([^"]+)","msg":"cloud service listening"/.exec(line);
      if (match) resolve(match[1] as string);
    });
  });
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** User + system CPU of a process in milliseconds (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

async function bench(
  dialect: string,
  databaseUrl: string,
  opts: { alerts: number; concurrency: number; replays: number },
) {
  const site = `bench-${Date.now().toString(36)}`;
  const server = await startServer({
    PDM_CLOUD_DATABASE_URL: databaseUrl,
    PDM_CLOUD_RATE_LIMIT: '10000000',
    PDM_CLOUD_GATEWAY_KEYS: `gw-bench:${KEY}`,
  });
  try {
    const alerts = workload(opts.alerts, opts.replays, site);
    await run(server.url, workload(50, 0, `${site}w`, 7), 4); // warm-up on assets of its own
    const serverBefore = cpuMs(server.pid);
    const clientBefore = process.cpuUsage();
    const loaded = await run(server.url, alerts, opts.concurrency);
    const client = process.cpuUsage(clientBefore);
    const serverCpu = cpuMs(server.pid) - serverBefore;
    const single = await run(server.url, workload(300, 0, `${site}s`, 9), 1);
    return {
      [`${dialect}_alerts_per_s`]: alerts.length / loaded.seconds,
      [`${dialect}_server_cpu_ms_per_alert`]: serverCpu / alerts.length,
      [`${dialect}_client_cpu_ms_per_alert`]: (client.user + client.system) / 1000 / alerts.length,
      [`${dialect}_p50_ms`]: quantile(loaded.latencies, 0.5),
      [`${dialect}_p99_ms`]: quantile(loaded.latencies, 0.99),
      [`${dialect}_duplicates`]: loaded.duplicates,
      [`${dialect}_work_orders`]: loaded.created,
      [`${dialect}_failures`]: loaded.failures + single.failures,
      [`${dialect}_one_client_p50_ms`]: quantile(single.latencies, 0.5),
      [`${dialect}_one_client_p99_ms`]: quantile(single.latencies, 0.99),
    };
  } finally {
    await server.stop();
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
  if (await answers(pgUrl)) Object.assign(figures, await bench('pg', pgUrl, opts));
  else figures.pg = `skipped: ${pgUrl} not reachable`;
  figures.peak_rss_mib = rss.stop();
  report('cloud alert ingest (HTTP, dedupe + correlation)', figures, args);
}
