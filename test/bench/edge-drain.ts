// `pnpm bench edge-drain [--json] [--runs 3] [--messages 200000]`: consumer capacity through a real
// Mosquitto (PDM_TEST_MOSQUITTO_URL, with max_queued_messages raised): the broker's queue for a
// persistent session is filled while the consumer is away, then the consumer drains it. Contenders,
// each in its own process: our full agent, a headless Node-RED 4 flow doing only the threshold, and
// a bare mqtt.js + JSON.parse + threshold subscriber.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEdgeConfig, startAgent } from '@pdm/edge';
import { seededRandom, TOPIC_FILTERS } from '@pdm/shared';
import mqtt from 'mqtt';
import { ASSETS, assetId, benchConfig, reading } from './edge-pipeline.js';
import { median, option, report, trackPeakRss } from './lib/report.js';

const here = fileURLToPath(import.meta.url);
const repo = join(dirname(here), '..', '..');
type Contender = 'agent' | 'node-red' | 'mqtt-js';
/** Node flags for the agent and bare children (gc exposed for the live-heap figure); V8 defaults otherwise. */
const CHILD_FLAGS = ['--expose-gc'];
/** A sample every 10 s of event time, as in the quick-demo scenario (rollups: one per 6 readings). */
const DRAIN_STEP_MS = 10_000;
interface DrainResult {
  firstAt: number;
  doneAt: number;
  peakRssMb: number;
  /** Our agent: live heap after a full GC once drained (its windows for 10,000 sensors). */
  heapUsedMb?: number;
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

function runChild(command: string, args: string[], url: string): Promise<DrainResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_URL: url },
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
    child.on('exit', (code) =>
      reject(new Error(`${args.join(' ')} exited (${code}) before finishing: ${out.slice(-500)}`)),
    );
  });
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
  child.kill('SIGTERM');
  await watcher.endAsync();
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
        : await runChild(
            process.execPath,
            [...CHILD_FLAGS, '--import', 'tsx', here, '--child', contender, clientId, String(opts.count)],
            opts.url,
          );
    return { ...result, fillS };
  } finally {
    await session(opts.url, clientId, false);
  }
}

export async function drainFigures(args: readonly string[]): Promise<Record<string, number | string>> {
  const url = process.env.PDM_TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:18830';
  const runs = Number(option(args, '--runs', '3'));
  const count = Number(option(args, '--messages', '200000'));
  const rates: Record<Contender, number[]> = { agent: [], 'node-red': [], 'mqtt-js': [] };
  const ratios: number[] = [];
  const rss: Record<Contender, number[]> = { agent: [], 'node-red': [], 'mqtt-js': [] };
  const heap: number[] = [];
  for (let run = 0; run < runs; run++) {
    for (const contender of ['agent', 'node-red', 'mqtt-js'] as Contender[]) {
      const r = await drainOnce(contender, { url, count, run });
      const rate = count / ((r.doneAt - r.firstAt) / 1000);
      rates[contender].push(rate);
      rss[contender].push(r.peakRssMb);
      if (r.heapUsedMb !== undefined) heap.push(r.heapUsedMb);
      console.error(`run ${run + 1} ${contender}: ${Math.round(rate)} msgs/s (fill ${r.fillS.toFixed(1)} s)`);
    }
    ratios.push((rates.agent[run] as number) / (rates['node-red'][run] as number));
  }
  const agent = median(rates.agent);
  const nodeRed = median(rates['node-red']);
  return {
    drain_messages: count,
    drain_runs: runs,
    drain_agent_msgs_per_s: Math.round(agent),
    drain_agent_readings_per_s: Math.round(agent * 10),
    drain_node_red_msgs_per_s: Math.round(nodeRed),
    drain_mqttjs_bare_msgs_per_s: Math.round(median(rates['mqtt-js'])),
    // Each run compares the two in the same conditions; the figure is the median of those ratios.
    ratio_agent_full_pipeline_to_node_red_threshold: Number(median(ratios).toFixed(2)),
    agent_peak_rss_mb_10k_sensors: Math.round(Math.max(...rss.agent)),
    agent_live_heap_mb_10k_sensors: Math.round(median(heap)),
    agent_fill_note:
      'queue filled at QoS 1 while the consumer was away; drain timed from first to last message',
    node_red_peak_rss_mb: Math.round(Math.max(...rss['node-red'])),
    mqttjs_bare_peak_rss_mb: Math.round(Math.max(...rss['mqtt-js'])),
  };
}

/** Child: our agent (full pipeline), reporting when `count` messages went through. */
async function childAgent(clientId: string, count: number): Promise<void> {
  const url = process.env.BENCH_URL as string;
  const base = benchConfig();
  const config = parseEdgeConfig({
    ...JSON.parse(JSON.stringify(base)),
    source: { url, clientId, cleanSession: false, qos: 1 },
    uplink: { url, clientId: `${clientId}-uplink` },
    // A day-long window keeps each sensor's ring full (128 points): the memory figure is the worst case.
    features: { window: '1d', capacity: 128 },
  });
  const rss = trackPeakRss(20);
  const agent = await startAgent(config);
  let firstAt = 0;
  const timer = setInterval(() => {
    const n = agent.stats().messages;
    if (n > 0 && firstAt === 0) firstAt = Date.now();
    if (n >= count) {
      clearInterval(timer);
      const doneAt = Date.now();
      (globalThis as { gc?: () => void }).gc?.();
      const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
      console.log(JSON.stringify({ firstAt, doneAt, peakRssMb: rss.stop(), heapUsedMb }));
    }
  }, 2);
}

/** Child: the bare baseline, JSON.parse and the threshold on each message. */
async function childBare(clientId: string, count: number): Promise<void> {
  const url = process.env.BENCH_URL as string;
  const rss = trackPeakRss(20);
  let n = 0;
  let firstAt = 0;
  let over = 0;
  const client = mqtt.connect(url, { clientId, clean: false });
  client.on('message', (_topic, payload) => {
    if (n++ === 0) firstAt = Date.now();
    const r = JSON.parse(payload.toString()).readings as Record<string, number>;
    for (const k in r) if ((r[k] as number) > 1e6) over++;
    if (n === count)
      console.log(JSON.stringify({ firstAt, doneAt: Date.now(), peakRssMb: rss.stop(), over }));
  });
  client.on('connect', () => client.subscribe(TOPIC_FILTERS.telemetry, { qos: 1 }));
}

export async function main(args: string[]): Promise<void> {
  report('edge drain through Mosquitto (separate processes)', await drainFigures(args), args);
}

if (process.argv[1] === here && process.argv[2] === '--child') {
  const [, , , kind, clientId, count] = process.argv;
  await (kind === 'agent' ? childAgent : childBare)(clientId as string, Number(count));
}
