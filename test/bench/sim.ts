// `pnpm bench sim`: samples per second the simulator publishes from one process to an in-process
// aedes broker at 10,000 sensors (fleet-scale), as JSON and as Sparkplug B (each on one thread and
// with a worker thread), with peak RSS and the machine's load.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { loadScenario, runSimulation, type SimSummary, type WireFormat } from '@pdm/firmware-sim';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { median, option, report, trackPeakRss } from './lib/report.js';

interface Round {
  samplesPerSecond: number;
  messagesPerSecond: number;
  readingsPerSecond: number;
  /** Samples per second of this process's CPU time (publisher + broker + subscriber): steady on a busy machine. */
  samplesPerCpuSecond: number;
  delivered: number;
  summary: SimSummary;
}

async function startBroker(): Promise<{ url: string; close: () => Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * `json`, `sparkplug`, or `json_threads` / `sparkplug_threads` (generation and serialisation or
 * DDATA encoding on a worker thread, publishing on the main one).
 */
type Variant = WireFormat | 'json_threads' | 'sparkplug_threads';
const VARIANTS: readonly Variant[] = ['json', 'json_threads', 'sparkplug', 'sparkplug_threads'];

async function round(url: string, variant: Variant, simMinutes: number): Promise<Round> {
  const format: WireFormat = variant.startsWith('sparkplug') ? 'sparkplug' : 'json';
  const base = loadScenario('fleet-scale');
  const scenario = { ...base, duration: simMinutes * 60_000 };
  // A subscriber stays connected for the whole flood: it proves delivery, and aedes 1.2.0 must
  // not see its only subscriber leave during a QoS 0 flood.
  const sub = await mqtt.connectAsync(url, { clean: true, reconnectPeriod: 0 });
  let delivered = 0;
  sub.on('message', () => {
    delivered++;
  });
  await sub.subscribeAsync(format === 'json' ? 'pdm/v1/+/+/telemetry' : 'spBv1.0/#', { qos: 0 });
  const cpuBefore = process.cpuUsage();
  const threads = variant.endsWith('_threads');
  const run = runSimulation({ scenario, brokerUrl: url, speed: Number.POSITIVE_INFINITY, format, threads });
  const summary = await run.done;
  const expected = summary.messagesPublished;
  const deadline = Date.now() + 30_000;
  while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const cpu = process.cpuUsage(cpuBefore);
  await sub.endAsync();
  const secs = summary.wallMs / 1000;
  return {
    samplesPerSecond: summary.samplesPublished / secs,
    messagesPerSecond: summary.messagesPublished / secs,
    readingsPerSecond: summary.readingsPublished / secs,
    samplesPerCpuSecond: summary.samplesPublished / ((cpu.user + cpu.system) / 1e6),
    delivered,
    summary,
  };
}

export async function main(args: string[]): Promise<void> {
  const runs = Number(option(args, '--runs', '3'));
  const simMinutes = Number(option(args, '--sim-minutes', '30'));
  const formats = option(args, '--formats', VARIANTS.join(',')).split(',') as Variant[];
  const unknown = formats.filter((f) => !VARIANTS.includes(f));
  if (unknown.length > 0)
    throw new Error(`--formats: unknown ${unknown.join(', ')}; known: ${VARIANTS.join(', ')}`);
  const broker = await startBroker();
  const rss = trackPeakRss();
  const figures: Record<string, unknown> = {
    sensors: 10_000,
    assets: 1_275,
    sim_minutes_per_run: simMinutes,
    runs,
    /** 1-minute load average of the machine (2 cores here) when the runs start and when they end. */
    load_average_1m: Number(loadavg()[0]?.toFixed(2)),
  };
  try {
    for (const format of formats) {
      const rounds: Round[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await round(broker.url, format, simMinutes);
        console.log(
          `${format} run ${i + 1}: ${Math.round(r.samplesPerSecond)} samples/s, ${Math.round(r.messagesPerSecond)} msgs/s, ` +
            `${r.summary.samplesPublished} samples in ${r.summary.wallMs} ms, ${Math.round(r.samplesPerCpuSecond)} samples/cpu-s, ` +
            `delivered ${r.delivered}/${r.summary.messagesPublished}`,
        );
        rounds.push(r);
      }
      figures[`${format}_samples_per_s`] = Math.round(median(rounds.map((r) => r.samplesPerSecond)));
      figures[`${format}_readings_per_s`] = Math.round(median(rounds.map((r) => r.readingsPerSecond)));
      figures[`${format}_samples_per_cpu_s`] = Math.round(median(rounds.map((r) => r.samplesPerCpuSecond)));
      figures[`${format}_messages_per_s`] = Math.round(median(rounds.map((r) => r.messagesPerSecond)));
      figures[`${format}_samples_per_run`] = rounds[0]?.summary.samplesPublished ?? 0;
      figures[`${format}_all_delivered`] = rounds.every((r) => r.delivered >= r.summary.messagesPublished);
    }
  } finally {
    await broker.close();
  }
  figures.load_average_1m_end = Number(loadavg()[0]?.toFixed(2));
  figures.peak_rss_mib = Math.round(rss.stop());
  report('firmware-sim publish (fleet-scale, 10,000 sensors, in-process aedes)', figures, args);
}
