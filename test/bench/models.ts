// `pnpm bench models`: throughput of the models the edge runs, medians of several rounds in one
// process: online detectors (points/s, one core), RUL predictor and anomaly scorer batches (rows/s),
// with peak RSS. Contenders are compared as ratios to ewma-z measured in the same run.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AnomalyScorer,
  createDetector,
  DETECTORS,
  featureCount,
  latestVersion,
  RulPredictor,
  selectBackend,
} from '@pdm/models';
import { median, option, report, trackPeakRss } from './lib/report.js';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models', 'artifacts');

/** A deterministic noisy daily pattern with rare spikes. */
function series(n: number): Float64Array {
  let s = 42;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] =
      50 + 10 * Math.sin((2 * Math.PI * i) / 288) + (s / 2147483648 - 0.5) * 4 + (i % 5000 === 4999 ? 30 : 0);
  }
  return out;
}

function timeDetector(name: string, values: Float64Array): number {
  const d = createDetector(name);
  const started = performance.now();
  for (let i = 0; i < values.length; i++) d.update(i * 60_000, values[i] as number);
  return values.length / ((performance.now() - started) / 1000);
}

async function timeBatches(rounds: number, fn: () => number): Promise<number> {
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    const rows = fn();
    rates.push(rows / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

export async function main(args: string[]): Promise<void> {
  const rounds = Number(option(args, '--rounds', '5'));
  const rss = trackPeakRss();
  const { backend } = await selectBackend({ override: process.env.PDM_TF_BACKEND });
  const values = series(Number(option(args, '--points', '200000')));
  const figures: Record<string, unknown> = { backend, rounds };
  const rates: Record<string, number> = {};
  for (const name of Object.keys(DETECTORS)) {
    rates[name] = median(Array.from({ length: rounds }, () => timeDetector(name, values)));
    figures[`${name} points/s`] = rates[name];
  }
  for (const name of Object.keys(DETECTORS))
    figures[`${name} / ewma-z`] = (rates[name] ?? 0) / (rates['ewma-z'] ?? 1);
  const rulVersion = (await latestVersion(ARTIFACTS, 'rul-fd001')) ?? 'v1';
  const rul = await RulPredictor.load(join(ARTIFACTS, 'rul-fd001', rulVersion));
  figures['rul model'] = `rul-fd001/${rulVersion}`;
  const { window } = rul.spec;
  const batch = 256;
  const x = new Float32Array(batch * window * featureCount(rul.spec)).map((_, i) => Math.sin(i));
  figures['rul windows/s (batch 256)'] = await timeBatches(rounds, () => rul.predictWindows(x, batch).length);
  const scorer = await AnomalyScorer.load(join(ARTIFACTS, 'anomaly-centrifugal-pump', 'v1'));
  const vectors = Array.from({ length: 1024 }, (_, i) =>
    scorer.spec.scaler.mean.map((m, j) => m + Math.sin(i + j)),
  );
  figures['anomaly windows/s (batch 1024)'] = await timeBatches(rounds, () => scorer.errors(vectors).length);
  figures['peak RSS MiB'] = rss.stop();
  report('models: detector and model throughput', figures, args);
}
