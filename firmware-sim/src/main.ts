#!/usr/bin/env node
// pdm-sim: simulated machines (or a replayed dataset) published over MQTT, or written as NDJSON.
import { AppError } from '@pdm/shared';
import { type CliArgs, columnMap, parseCli, USAGE } from './cli/args.js';
import { progressLine, progressPrinter } from './cli/progress.js';
import { generateSamples } from './generate.js';
import { groundTruthCsv, groundTruthJson, groundTruthOf, sensorFaultsCsv } from './ground-truth.js';
import { planScenario } from './physics/plan.js';
import { stemOf, writeBeside, writeNdjson } from './publish/files.js';
import { runSimulation } from './publish/run.js';
import type { SimulationRun } from './publish/stream.js';
import { loadReplay } from './replay/load.js';
import { runReplay } from './replay/run.js';
import type { ReplaySpecInput } from './replay/spec.js';
import { loadScenario } from './scenarios/load.js';

async function main(argv: string[]): Promise<number> {
  const args = parseCli(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.replay) return args.out ? writeReplay(args, args.out) : publish(args, startReplay(args));
  return args.out ? writeScenario(args, args.out) : publish(args, startScenario(args));
}

function replaySpec(args: CliArgs): ReplaySpecInput {
  return {
    kind: args.replay ?? 'csv',
    path: args.path ?? '',
    ...(args.site ? { siteId: args.site } : {}),
    ...(args.asset ? { assetId: args.asset } : {}),
    ...(args.rul ? { rulPath: args.rul } : {}),
    ...(args.subset ? { subset: args.subset } : {}),
    ...(args['cycle-interval'] ? { cycleInterval: args['cycle-interval'] } : {}),
    ...(args.start ? { start: args.start } : {}),
    ...(args.columns ? { columns: columnMap(args.columns) } : {}),
    ...(args['timestamp-column'] ? { timestampColumn: args['timestamp-column'] } : {}),
    ...(args['asset-per-column'] !== undefined ? { assetPerColumn: args['asset-per-column'] } : {}),
  };
}

function common(args: CliArgs) {
  return {
    brokerUrl: args.broker,
    format: args.format,
    maxBatch: args['max-batch'],
    sparkplugAliases: !args['metric-names'],
    ...(args.username !== undefined ? { username: args.username } : {}),
    ...(args.password !== undefined ? { password: args.password } : {}),
    ...(args.speed !== undefined ? { speed: args.speed } : {}),
    ...(args.quiet ? {} : { onProgress: progressPrinter() }),
  };
}

function startScenario(args: CliArgs): SimulationRun {
  const scenario = loadScenario(args.scenario);
  return runSimulation({ scenario, qos: args.qos, threads: args.threads, ...common(args) });
}

function startReplay(args: CliArgs): SimulationRun {
  return runReplay({ replay: replaySpec(args), ...common(args) });
}

async function publish(args: CliArgs, run: SimulationRun): Promise<number> {
  const stop = (): void => {
    void run.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const summary = await run.done;
  if (args.quiet) console.error(progressLine(summary));
  console.error(
    `[pdm-sim] ${summary.stopped ? 'stopped' : 'finished'}: ${summary.samplesPublished} samples in ${summary.messagesPublished} messages`,
  );
  return 0;
}

async function writeScenario(args: CliArgs, out: string): Promise<number> {
  const scenario = loadScenario(args.scenario);
  const plan = planScenario(scenario);
  const truth = groundTruthOf(scenario, plan);
  const stem = stemOf(out);
  const files = await writeBeside(stem, {
    '.ground-truth.json': groundTruthJson(truth),
    '.ground-truth.csv': groundTruthCsv(truth),
    '.sensor-faults.csv': sensorFaultsCsv(truth),
  });
  const count = await writeNdjson(out, generateSamples(scenario, { plan }), quietOr(args));
  console.error(`[pdm-sim] wrote ${count} samples to ${out}; ground truth: ${files.join(', ')}`);
  return 0;
}

async function writeReplay(args: CliArgs, out: string): Promise<number> {
  const data = loadReplay(replaySpec(args));
  const stem = stemOf(out);
  const truth = {
    source: data.spec.path,
    kind: data.spec.kind,
    assets: data.assets,
    failures: data.failures,
    skipped: data.skipped,
  };
  const files = await writeBeside(stem, { '.ground-truth.json': `${JSON.stringify(truth, null, 2)}\n` });
  const count = await writeNdjson(out, data.samples, quietOr(args));
  console.error(`[pdm-sim] wrote ${count} samples to ${out}; ground truth: ${files.join(', ')}`);
  return 0;
}

function quietOr(args: CliArgs): ((n: number, t: number) => void) | undefined {
  if (args.quiet) return undefined;
  return (n, t) => console.error(`[pdm-sim] ${new Date(t).toISOString()} ${n} samples written`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof AppError) {
      console.error(`pdm-sim: ${err.message}`);
      if (err.code === 'VALIDATION_FAILED' || err.code === 'NOT_FOUND')
        console.error('run with --help for the options');
      process.exit(err.code === 'UNAVAILABLE' ? 3 : 2);
    }
    console.error('pdm-sim: unexpected error:', err);
    process.exit(1);
  },
);
