import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { forEachSimSample, loadSimTruth } from '../datasets/sim.js';
import { alertsFrom, type HysteresisOptions, type SimAlert } from '../eval/alerting.js';
import { simCloseOutLabels } from '../eval/sim-labels.js';
import { scoreSimAlerts } from '../eval/sim-metrics.js';
import { SimWindowCollector } from '../eval/sim-windows.js';
import { AnomalyScorer, anomalyArtifactName } from '../runtime/anomaly-scorer.js';
import { listVersions } from '../runtime/artifact.js';
import { selectBackend } from '../runtime/backend.js';
import { ARTIFACTS_ROOT, emitJson, numberFlag, parseFlags, stderrLog } from './args.js';

/** `eval sim`: the per-type anomaly models with alert hysteresis over a simulated fleet run. */
export async function evalSimCommand(argv: string[]): Promise<void> {
  const f = parseFlags(argv, {
    sim: { type: 'string' },
    version: { type: 'string' },
    open: { type: 'string' },
    root: { type: 'string' },
    'labels-out': { type: 'string' },
  });
  if (typeof f.sim !== 'string') throw new Error('--sim <run .ndjson written by pdm-sim --out> is required');
  const path = resolve(f.sim);
  const version = typeof f.version === 'string' ? f.version : 'v1';
  const { backend } = await selectBackend({ override: process.env.PDM_TF_BACKEND, log: stderrLog });
  const truth = await loadSimTruth(path);
  const types = [...new Set(truth.assets.map((a) => a.assetType))];
  const root = typeof f.root === 'string' ? resolve(f.root) : ARTIFACTS_ROOT;
  const scorers = new Map<string, AnomalyScorer>();
  for (const t of types) {
    const name = anomalyArtifactName(t);
    const v = await versionAtMost(root, name, version);
    if (v !== version) console.log(`${name}: no ${version}, using ${v}`);
    scorers.set(t, await AnomalyScorer.load(join(root, name, v)));
  }
  const sensorsByType = Object.fromEntries([...scorers].map(([t, s]) => [t, s.spec.sensors]));
  const windowSeconds = (scorers.values().next().value as AnomalyScorer).spec.windowSeconds;
  const collector = new SimWindowCollector(truth, { windowSeconds, sensorsByType });
  const started = performance.now();
  const read = await forEachSimSample(path, (s) => collector.push(s));
  const hysteresis: HysteresisOptions = { threshold: 0.5, open: numberFlag(f.open, 6), clear: 12 };
  const alerts: SimAlert[] = [];
  for (const series of collector.series()) {
    const scorer = scorers.get(series.assetType);
    if (!scorer) continue;
    const scores = scorer.scores(series.windows.map((w) => w.vector));
    const scored = series.windows.map((w, i) => ({
      time: w.start + windowSeconds * 1000,
      score: scores[i] as number,
    }));
    alerts.push(...alertsFrom(series.assetId, scored, hysteresis));
  }
  const seconds = (performance.now() - started) / 1000;
  const o = scoreSimAlerts(truth, alerts);
  const precision = o.alerts === 0 ? 0 : (o.alerts - o.falseAlerts) / o.alerts;
  if (typeof f['labels-out'] === 'string') {
    const typeOf = new Map(truth.assets.map((a) => [a.assetId, a.assetType]));
    const labels = simCloseOutLabels(truth, alerts, (assetId) => {
      const scorer = scorers.get(typeOf.get(assetId) ?? '');
      return scorer && { name: scorer.card.name, version: scorer.card.version };
    });
    await writeFile(resolve(f['labels-out']), labels.map((l) => `${JSON.stringify(l)}\n`).join(''));
    console.log(`${labels.length} close-out labels from the ground truth -> ${f['labels-out']}`);
  }
  console.log(
    `${path}: ${read.samples} samples, ${truth.assets.length} assets, ${o.assetMonths.toFixed(1)} asset-months`,
  );
  console.log(
    `anomaly models ${version}, alert after ${hysteresis.open} windows of ${windowSeconds} s at score >= 0.5`,
  );
  console.log(
    `failures in run ${o.failures}, alerted before failure ${o.detectedBeforeFailure} (${(o.shareDetected * 100).toFixed(0)}%)`,
  );
  console.log(`lead time median ${o.leadHoursMedian.toFixed(1)} h, p10 ${o.leadHoursP10.toFixed(1)} h`);
  console.log(
    `alerts ${o.alerts} (precision ${precision.toFixed(2)}), false ${o.falseAlerts} (${o.falseDuringSensorFault} during sensor faults), ${o.falsePerAssetMonth.toFixed(3)} per asset-month, duplicates ${o.duplicates}`,
  );
  console.log(`${(read.samples / seconds).toFixed(0)} samples/s end to end on ${backend}`);
  emitJson(f.json === true, {
    command: 'eval sim',
    samples: read.samples,
    backend,
    seconds,
    hysteresis,
    precision,
    ...o,
  });
}

/** `wanted` if the model has it, else its highest `v<n>` below it (types without feedback stay on theirs). */
async function versionAtMost(root: string, name: string, wanted: string): Promise<string> {
  const all = await listVersions(root, name);
  if (all.includes(wanted)) return wanted;
  const n = (v: string) => Number(/^v(\d+)$/.exec(v)?.[1] ?? Number.NaN);
  const below = all.filter((v) => n(v) < n(wanted));
  const v = below.at(-1);
  if (!v) throw new Error(`${name}: no version ${wanted} or below under ${root}`);
  return v;
}
