// `pnpm bench edge-drain [--json] [--runs 3] [--messages 200000]`: consumer capacity through a real
// Mosquitto (PDM_TEST_MOSQUITTO_URL, with max_queued_messages raised): the broker's queue for a
// persistent session is filled while the consumer is away, then the consumer drains it. Contenders,
// each in its own process: our agent exactly as `pdm-edge` runs it (edge/bin/pdm-edge.mjs, executed
// through its first line, watched through its /metrics endpoint), a headless Node-RED 4 flow doing
// only the threshold, and a bare mqtt.js + JSON.parse + threshold subscriber on plain Node.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom, TOPIC_FILTERS } from '@pdm/shared';
import mqtt from 'mqtt';
import { ASSETS, assetId, benchConfig, reading } from './edge-pipeline.js';
import { median, option, report } from './lib/report.js';

const here = fileURLToPath(import.meta.url);
const repo = join(dirname(here), '..', '..');
const LAUNCHER = join(repo, 'edge', 'bin', 'pdm-edge.mjs');
const BARE = join(dirname(here), 'lib', 'bare-subscriber.mjs');
type Contender = 'agent' | 'node-red' | 'mqtt-js';
/** A sample every 10 s of event time, as in the quick-demo scenario (rollups: one per 6 readings). */
const DRAIN_STEP_MS = 10_000;
/** How often the agent's /metrics is read while it drains. */
const POLL_MS = 20;
interface DrainResult {
  firstAt: number;
  doneAt: number;
  peakRssMb: number;
  /** CPU time (user + system) of the consumer from its first message to its last, when known. */
  cpuMs?: number;
  rollupsDropped?: number;
}

/** Peak resident set size of a process (VmHWM), in MiB. */
function peakRssOf(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used, in ms (clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Create the persistent session (so the broker queues for it), or drop it with a clean connect. */
async function session(url: string, clientId: string, keep: boolean): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId, clean: !keep, reconnectPeriod: 0 });
  if (keep) await c.subscribeAsync(TOPIC_FILTERS.telemetry, { qos: 1 });
  await c.endAsync();
}

async function fill(url: string, count: number): Promise<number> {
  const pub = await mqtt.connectAsync(url, { clientId: `bench-fill-${process.pid}`, reconnectPeriod: 0 });
  const rnd = seededRandom(7);
  const start = Date.now();
  for (let sent = 0; sent < count; ) {
    const batch: Promise<unknown>[] = [];
    for (let i = 0; i < 5_000 && sent < count; i++, sent++) {
      const a = sent % ASSETS;
      const t = Math.floor(sent / ASSETS);
      const payload = reading(a, t, rnd, DRAIN_STEP_MS);
      batch.push(pub.publishAsync(`pdm/v1/plant-1/${assetId(a)}/telemetry`, payload, { qos: 1 }));
    }
    await Promise.all(batch);
  }
  await pub.endAsync();
  return (Date.now() - start) / 1000;
}

/** The bare subscriber reports its own times and CPU on stdout. */
function runBare(url: string, clientId: string, count: number): Promise<DrainResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BARE, url, clientId, String(count)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{"firstAt"'));
      if (line) {
        const peakRssMb = peakRssOf(child.pid);
        child.kill('SIGTERM');
        resolve({ ...(JSON.parse(line) as DrainResult), peakRssMb });
      }
    });
    child.on('exit', (code) => reject(new Error(`bare subscriber exited (${code}): ${out.slice(-500)}`)));
  });
}

/** Our agent, started the way `pdm-edge` starts; its counters come from /metrics. */
async function runAgent(url: string, clientId: string, count: number): Promise<DrainResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pdm-bench-agent-'));
  const config = {
    ...JSON.parse(JSON.stringify(benchConfig())),
    logLevel: 'info',
    source: { url, clientId, cleanSession: false, qos: 1 },
    uplink: { url, clientId: `${clientId}-uplink` },
    // A day-long window keeps each sensor's ring full (128 points): the memory figure is the worst case.
    features: { window: '1d', capacity: 128 },
    storage: { dataDir: dir },
    metrics: { host: '127.0.0.1', port: 0 },
  };
  writeFileSync(join(dir, 'edge.json'), JSON.stringify(config));
  const child = spawn(LAUNCHER, ['--config', join(dir, 'edge.json')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TMPDIR: dir },
  });
  try {
    const metricsUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        for (const line of out.split('\n')) {
          if (!line.includes('"edge agent started"')) continue;
          resolve((JSON.parse(line) as { metrics: string }).metrics);
        }
      });
      child.on('exit', (code) =>
        reject(new Error(`agent exited (${code}) before starting: ${out.slice(-500)}`)),
      );
    });
    const counter = async (name: string): Promise<number> => {
      const text = await (await fetch(`${metricsUrl}/metrics`)).text();
      return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    };
    let firstAt = 0;
    let cpuAtFirst = 0;
    for (;;) {
      const n = await counter('pdm_edge_messages_total');
      if (n > 0 && firstAt === 0) {
        firstAt = Date.now();
        cpuAtFirst = cpuMsOf(child.pid);
      }
      if (n >= count) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const doneAt = Date.now();
    const cpuMs = cpuMsOf(child.pid) - cpuAtFirst;
    const rollupsDropped = await counter('pdm_edge_rollups_dropped_total');
    return { firstAt, doneAt, cpuMs, peakRssMb: peakRssOf(child.pid), rollupsDropped };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function nodeRedFlow(dir: string, clientId: string, count: number): string[] {
  const url = new URL(process.env.PDM_TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:18830');
  const func = `
const c = context.get('c') || { n: 0, first: 0 };
if (c.n === 0) c.first = Date.now();
c.n++;
context.set('c', c);
const r = msg.payload.readings;
const out = [];
for (const k in r) if (r[k] > 1e6) out.push({ topic: msg.topic.replace(/telemetry$/, 'alerts'), payload: { sensor: k, value: r[k] } });
if (c.n === ${count}) out.push({ topic: 'bench/done/${clientId}', payload: { firstAt: c.first, doneAt: Date.now() } });
return [out];`;
  const flows = [
    { id: 'tab', type: 'tab', label: 'bench' },
    {
      id: 'broker',
      type: 'mqtt-broker',
      broker: url.hostname,
      port: url.port,
      clientid: clientId,
      cleansession: false,
      protocolVersion: '4',
      keepalive: '60',
      autoConnect: true,
    },
    {
      id: 'in',
      type: 'mqtt in',
      z: 'tab',
      topic: TOPIC_FILTERS.telemetry,
      qos: '1',
      datatype: 'json',
      broker: 'broker',
      wires: [['fn']],
    },
    { id: 'fn', type: 'function', z: 'tab', func, outputs: 1, wires: [['out']] },
    { id: 'out', type: 'mqtt out', z: 'tab', qos: '0', broker: 'broker', wires: [] },
  ];
  writeFileSync(join(dir, 'flows.json'), JSON.stringify(flows));
  writeFileSync(
    join(dir, 'settings.js'),
    'module.exports = { flowFile: "flows.json", uiPort: 0, httpAdminRoot: false, httpNodeRoot: false, logging: { console: { level: "warn" } } };',
  );
  return [
    join(repo, 'test', 'node_modules', 'node-red', 'red.js'),
    '--userDir',
    dir,
    '--settings',
    join(dir, 'settings.js'),
  ];
}

/** Node-RED reports through the broker: wait for its done message. */
async function runNodeRed(url: string, clientId: string, count: number): Promise<DrainResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pdm-bench-nodered-'));
  const watcher = await mqtt.connectAsync(url, { clientId: `${clientId}-watch` });
  await watcher.subscribeAsync(`bench/done/${clientId}`, { qos: 0 });
  const done = new Promise<DrainResult>((resolve) =>
    watcher.on('message', (_t, p) => resolve(JSON.parse(p.toString()))),
  );
  const child = spawn(process.execPath, nodeRedFlow(dir, clientId, count), {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const result = { ...(await done), peakRssMb: peakRssOf(child.pid) };
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await watcher.endAsync();
  await exited;
  rmSync(dir, { recursive: true, force: true });
  return result;
}

async function drainOnce(
  contender: Contender,
  opts: { url: string; count: number; run: number },
): Promise<DrainResult & { fillS: number }> {
  const clientId = `bench-${contender}-${opts.run}-${process.pid}`;
  await session(opts.url, clientId, true);
  const fillS = await fill(opts.url, opts.count);
  try {
    const result =
      contender === 'node-red'
        ? await runNodeRed(opts.url, clientId, opts.count)
        : contender === 'agent'
          ? await runAgent(opts.url, clientId, opts.count)
          : await runBare(opts.url, clientId, opts.count);
    return { ...result, fillS };
  } finally {
    await session(opts.url, clientId, false);
  }
}

export async function drainFigures(args: readonly string[]): Promise<Record<string, number | string>> {
  const url = process.env.PDM_TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:18830';
  const runs = Number(option(args, '--runs', '3'));
  const count = Number(option(args, '--messages', '200000'));
  const contenders: Contender[] = ['agent', 'node-red', 'mqtt-js'];
  const rates: Record<Contender, number[]> = { agent: [], 'node-red': [], 'mqtt-js': [] };
  const rss: Record<Contender, number[]> = { agent: [], 'node-red': [], 'mqtt-js': [] };
  const cpu: Record<Contender, number[]> = { agent: [], 'node-red': [], 'mqtt-js': [] };
  const toNodeRed: number[] = [];
  const toBare: number[] = [];
  let dropped = 0;
  for (let run = 0; run < runs; run++) {
    for (const contender of contenders) {
      const r = await drainOnce(contender, { url, count, run });
      const rate = count / ((r.doneAt - r.firstAt) / 1000);
      rates[contender].push(rate);
      rss[contender].push(r.peakRssMb);
      // µs of CPU per reading (10 readings a message).
      if (r.cpuMs !== undefined) cpu[contender].push((r.cpuMs * 1000) / (count * 10));
      dropped += r.rollupsDropped ?? 0;
      const cpuNote = r.cpuMs !== undefined ? `, CPU ${r.cpuMs.toFixed(0)} ms` : '';
      console.error(
        `run ${run + 1} ${contender}: ${Math.round(rate)} msgs/s, peak RSS ${r.peakRssMb.toFixed(0)} MB${cpuNote} (fill ${r.fillS.toFixed(1)} s)`,
      );
    }
    toNodeRed.push((rates.agent[run] as number) / (rates['node-red'][run] as number));
    toBare.push((rates.agent[run] as number) / (rates['mqtt-js'][run] as number));
  }
  const agent = median(rates.agent);
  return {
    drain_messages: count,
    drain_runs: runs,
    drain_agent_msgs_per_s: Math.round(agent),
    drain_agent_readings_per_s: Math.round(agent * 10),
    drain_node_red_msgs_per_s: Math.round(median(rates['node-red'])),
    drain_mqttjs_bare_msgs_per_s: Math.round(median(rates['mqtt-js'])),
    // Each run compares the contenders in the same conditions; the figures are medians of those ratios.
    ratio_agent_full_pipeline_to_node_red_threshold: Number(median(toNodeRed).toFixed(2)),
    ratio_agent_full_pipeline_to_bare_mqttjs: Number(median(toBare).toFixed(2)),
    drain_agent_cpu_us_per_reading: Number(median(cpu.agent).toFixed(3)),
    drain_mqttjs_bare_cpu_us_per_reading: Number(median(cpu['mqtt-js']).toFixed(3)),
    drain_agent_rollups_dropped: dropped,
    agent_peak_rss_mb_10k_sensors: Math.round(Math.max(...rss.agent)),
    agent_fill_note:
      'queue filled at QoS 1 while the consumer was away; drain timed from first to last message',
    node_red_peak_rss_mb: Math.round(Math.max(...rss['node-red'])),
    mqttjs_bare_peak_rss_mb: Math.round(Math.max(...rss['mqtt-js'])),
  };
}

export async function main(args: string[]): Promise<void> {
  report('edge drain through Mosquitto (separate processes)', await drainFigures(args), args);
}
