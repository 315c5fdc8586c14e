// `pnpm bench edge-pipeline [--json] [--runs 5] [--steps 200] [--model]`: readings per second on one
// core through the edge's ingest + validation + features + rules + statistical detector (and, with
// --model, a tfjs anomaly model scoring every window), 1,000 assets x 10 sensors, 10 readings a message.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DetectionEngine, type EdgeConfig, ModelRunner, parseEdgeConfig } from '@pdm/edge';
import { EwmaZDetector } from '@pdm/models';
import { createUlidFactory, ManualClock, seededRandom } from '@pdm/shared';
import { hasFlag, median, option, report, trackPeakRss } from './lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
export const PUMP_MODEL = join(here, '..', '..', 'models', 'artifacts', 'anomaly-centrifugal-pump', 'v1');
/** The pump model's eight sensors plus two more: ten readings per message. */
export const SENSORS = [
  'bearing_temp',
  'discharge_pressure',
  'flow',
  'motor_current',
  'vib_1x',
  'vib_2x',
  'vib_kurtosis',
  'vib_rms',
  'oil_temp',
  'speed_rpm',
];
export const ASSETS = 1_000;
export const T0 = Date.UTC(2026, 0, 5);
/** One sample a minute of event time, so the 10-minute model windows close often. */
export const STEP_MS = 60_000;

/** Every sensor watched by a sustained rule, a rate rule on two, and the EWMA z-score on all. */
export function benchConfig(extra: Record<string, unknown> = {}): EdgeConfig {
  return parseEdgeConfig({
    gatewayId: 'gw-bench',
    logLevel: 'silent',
    source: { url: 'mqtt://127.0.0.1:1' },
    storage: { outboxPath: ':memory:' },
    assets: Array.from({ length: ASSETS }, (_, i) => ({ id: assetId(i), type: 'centrifugal_pump' })),
    rules: [
      ...SENSORS.map((s) => ({
        id: `high-${s}`,
        kind: 'sustained',
        sensor: s,
        above: 1e6,
        for: '10m',
        failureMode: `high_${s}`,
      })),
      {
        id: 'temp-rate',
        kind: 'rate',
        sensor: 'bearing_temp',
        window: '10m',
        risePerMinute: 50,
        failureMode: 'overheat',
      },
    ],
    detectors: [{ id: 'ewma', sensors: SENSORS, failureMode: 'anomaly', consecutive: 3 }],
    ...extra,
  });
}

export function assetId(i: number): string {
  return `pump-${String(i).padStart(4, '0')}`;
}

/** Healthy-looking readings for asset `a` at step `t` (one step = `stepMs` of event time). */
export function reading(a: number, t: number, rnd: () => number, stepMs = STEP_MS): string {
  const r: Record<string, number> = {};
  for (let s = 0; s < SENSORS.length; s++) r[SENSORS[s] as string] = 10 + s + ((a + t) % 7) * 0.1 + rnd();
  return JSON.stringify({ ts: T0 + t * stepMs, seq: t, readings: r });
}

export function messages(steps: number): { topics: string[]; payloads: Buffer[][] } {
  const rnd = seededRandom(42);
  const topics = Array.from({ length: ASSETS }, (_, a) => `pdm/v1/plant-1/${assetId(a)}/telemetry`);
  const payloads = Array.from({ length: steps }, (_, t) =>
    Array.from({ length: ASSETS }, (_, a) => Buffer.from(reading(a, t, rnd))),
  );
  return { topics, payloads };
}

async function oneRun(
  data: ReturnType<typeof messages>,
  withModel: boolean,
): Promise<{ rps: number; cpuUsPerReading: number; windows: number }> {
  const config = benchConfig(
    withModel ? { models: [{ id: 'ae', path: PUMP_MODEL }], modelBatch: { size: 1024 } } : {},
  );
  const runner = await ModelRunner.load(config.models, {
    batch: config.modelBatch,
    logger: { info: () => {}, warn: () => {} },
  });
  const engine = new DetectionEngine(config, {
    clock: new ManualClock(Date.now()),
    mintId: createUlidFactory(seededRandom(1)),
    makeDetector: (d) => new EwmaZDetector({ alpha: d.alpha, warmup: d.warmup, clip: d.clip }),
    models: { bindings: runner.bindings, onWindow: (w) => runner.enqueue(w) },
    sink: { alert: () => {}, rollup: () => {} },
  });
  runner.start((asset, signal) => engine.applySignal(asset, signal));
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const step of data.payloads) {
    for (let a = 0; a < step.length; a++) engine.ingestJson(data.topics[a] as string, step[a] as Buffer);
  }
  runner.flush();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  runner.stop();
  if (engine.counters.readingsRejected > 0 || engine.bad.total() > 0)
    throw new Error('bench data was rejected');
  const readings = engine.counters.readingsAccepted;
  return {
    rps: readings / seconds,
    cpuUsPerReading: (used.user + used.system) / readings,
    windows: runner.scored,
  };
}

/** The floor in the same process: JSON.parse of every payload and a threshold on every reading. */
function parseOnly(data: ReturnType<typeof messages>): number {
  let readings = 0;
  let over = 0;
  const start = process.hrtime.bigint();
  for (const step of data.payloads) {
    for (let a = 0; a < step.length; a++) {
      const r = (JSON.parse((step[a] as Buffer).toString('utf8')) as { readings: Record<string, number> })
        .readings;
      for (const k in r) {
        readings++;
        if ((r[k] as number) > 1e6) over++;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (over > 0) throw new Error('bench data crossed the threshold');
  return readings / seconds;
}

/** Live memory (heap + typed arrays) held by an engine with full windows for 10,000 sensors, in MiB. */
export function engineStateMb(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const before = used();
  const engine = new DetectionEngine(benchConfig({ features: { window: '1d', capacity: 128 } }), {
    clock: new ManualClock(Date.now()),
    mintId: createUlidFactory(seededRandom(1)),
    makeDetector: (d) => new EwmaZDetector({ alpha: d.alpha, warmup: d.warmup, clip: d.clip }),
    sink: { alert: () => {}, rollup: () => {} },
  });
  const rnd = seededRandom(9);
  for (let t = 0; t < 140; t++) {
    for (let a = 0; a < ASSETS; a++)
      engine.ingestJson(`pdm/v1/plant-1/${assetId(a)}/telemetry`, reading(a, t, rnd, 10_000));
  }
  const mb = (used() - before) / 2 ** 20;
  if (engine.counters.readingsAccepted !== 140 * ASSETS * SENSORS.length)
    throw new Error('readings rejected');
  return mb;
}

/** Median readings/s over `runs`, with and (optionally) without the tfjs model. */
export async function pipelineFigures(args: readonly string[]): Promise<Record<string, number | string>> {
  const runs = Number(option(args, '--runs', '5'));
  const steps = Number(option(args, '--steps', '200'));
  const stateMb = engineStateMb();
  const data = messages(steps);
  const rss = trackPeakRss();
  const plain: number[] = [];
  const cpuUs: number[] = [];
  const ratios: number[] = [];
  const floor: number[] = [];
  const model: number[] = [];
  let windows = 0;
  await oneRun(data, false); // warm-up
  parseOnly(data);
  for (let r = 0; r < runs; r++) {
    const out = await oneRun(data, false);
    const bare = parseOnly(data);
    plain.push(out.rps);
    cpuUs.push(out.cpuUsPerReading);
    floor.push(bare);
    // Taken back to back in the same process, so load on the machine affects both alike.
    ratios.push(out.rps / bare);
  }
  if (hasFlag(args, '--model') || hasFlag(args, '--all')) {
    await oneRun(data, true);
    for (let r = 0; r < runs; r++) {
      const out = await oneRun(data, true);
      model.push(out.rps);
      windows = out.windows;
    }
  }
  return {
    pipeline_readings_per_s: Math.round(median(plain)),
    pipeline_cpu_us_per_reading: Number(median(cpuUs).toFixed(3)),
    pipeline_runs: runs,
    pipeline_readings_per_run: steps * ASSETS * SENSORS.length,
    json_parse_threshold_only_readings_per_s: Math.round(median(floor)),
    ratio_pipeline_to_json_parse_only: Number(median(ratios).toFixed(2)),
    ...(model.length > 0
      ? {
          pipeline_with_model_readings_per_s: Math.round(median(model)),
          model_windows_scored_per_run: windows,
        }
      : {}),
    pipeline_process_peak_rss_mb: Math.round(rss.stop()),
    engine_state_mb_10k_sensors_full_windows: Number(stateMb.toFixed(1)),
  };
}

export async function main(args: string[]): Promise<void> {
  report('edge pipeline (one core, in process)', await pipelineFigures(args), args);
}
