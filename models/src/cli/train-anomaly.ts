import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { forEachSimSample, loadSimTruth } from '../datasets/sim.js';
import { type AssetSeries, SimWindowCollector } from '../eval/sim-windows.js';
import { ASSET_WINDOW_STATS, assetWindowFeatureNames } from '../features/asset-windows.js';
import { anomalyArtifactName } from '../runtime/anomaly-scorer.js';
import { saveArtifact } from '../runtime/artifact.js';
import { selectBackend } from '../runtime/backend.js';
import type { ModelCard } from '../runtime/card.js';
import { DEFAULT_AUTOENCODER, trainAutoencoder } from '../train/anomaly.js';
import { ARTIFACTS_ROOT, commandLine, emitJson, numberFlag, parseFlags, stderrLog } from './args.js';

/** `train anomaly`: one autoencoder per asset type from a healthy simulated fleet. */
export async function trainAnomalyCommand(argv: string[]): Promise<void> {
  const f = parseFlags(argv, {
    sim: { type: 'string' },
    version: { type: 'string' },
    'window-seconds': { type: 'string' },
  });
  if (typeof f.sim !== 'string') throw new Error('--sim <healthy run .ndjson> is required');
  const path = resolve(f.sim);
  const windowSeconds = numberFlag(f['window-seconds'], 600);
  const { backend } = await selectBackend({ override: process.env.PDM_TF_BACKEND, log: stderrLog });
  const truth = await loadSimTruth(path);
  if (truth.faults.length > 0)
    throw new Error(`${path} has ${truth.faults.length} machine faults; train on a healthy run`);
  const collector = new SimWindowCollector(truth, { windowSeconds });
  const read = await forEachSimSample(path, (s) => collector.push(s));
  const sha256 = createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
  const byType = new Map<string, AssetSeries[]>();
  for (const s of collector.series()) byType.set(s.assetType, [...(byType.get(s.assetType) ?? []), s]);
  const version = typeof f.version === 'string' ? f.version : 'v1';
  const results: Record<string, Record<string, number>> = {};
  for (const [assetType, assets] of byType) {
    const started = performance.now();
    const heldOut = assets.slice(-1);
    const train = assets.slice(0, -1);
    const cfg = DEFAULT_AUTOENCODER;
    const trained = await trainAutoencoder(
      { train: train.flatMap((a) => a.windows), heldOut: heldOut.flatMap((a) => a.windows) },
      cfg,
    );
    const sensors = (assets[0] as AssetSeries).sensors;
    const card: ModelCard = {
      name: anomalyArtifactName(assetType),
      version,
      task: 'anomaly',
      createdAt: new Date().toISOString(),
      dataset: {
        name: `simulated healthy fleet (${truth.assets.length} assets)`,
        sha256,
        rows: read.samples,
      },
      features: {
        kind: 'window-features',
        assetType,
        sensors,
        features: [...ASSET_WINDOW_STATS],
        windowSeconds,
        scaler: trained.scaler,
      },
      threshold: trained.threshold,
      metrics: trained.metrics,
      seed: cfg.seed,
      training: {
        seconds: (performance.now() - started) / 1000,
        backend,
        config: {
          ...cfg,
          trainAssets: train.map((a) => a.assetId),
          heldOutAssets: heldOut.map((a) => a.assetId),
        },
        command: commandLine(),
      },
    };
    const dir = join(ARTIFACTS_ROOT, card.name, version);
    await saveArtifact(dir, trained.model, card);
    results[assetType] = { threshold: trained.threshold, ...trained.metrics };
    console.log(
      `${assetType}: ${assetWindowFeatureNames(sensors).length} features, threshold ${trained.threshold.toFixed(4)}, held-out alarm rate ${(trained.metrics.heldOutAlarmRate ?? 0).toFixed(4)} -> ${dir}`,
    );
  }
  emitJson(f.json === true, {
    command: 'train anomaly',
    samples: read.samples,
    backend,
    windowSeconds,
    types: results,
  });
}
