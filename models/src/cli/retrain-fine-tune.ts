import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { forEachSimSample, loadSimTruth } from '../datasets/sim.js';
import { type AssetSeries, SimWindowCollector } from '../eval/sim-windows.js';
import { scaleVector } from '../features/asset-windows.js';
import { labelPrecision, windowsBehind, wouldOpen } from '../feedback/alert-windows.js';
import type { CloseOutLabel } from '../feedback/labels.js';
import { type LoadedArtifact, listVersions, loadArtifact, saveArtifact } from '../runtime/artifact.js';
import { reconstructionErrors } from '../train/anomaly.js';
import { DEFAULT_FINE_TUNE, fineTuneAutoencoder } from '../train/fine-tune.js';
import { commandLine, numberFlag } from './args.js';

/** What fine-tuning needs from an anomaly card's training config: which healthy assets it used. */
const TrainAssetsSchema = z.object({
  trainAssets: z.array(z.string().min(1)).min(1),
  heldOutAssets: z.array(z.string().min(1)).min(1),
});

export interface FineTuneGroup {
  dir: string;
  root: string;
  name: string;
  version: string;
  group: CloseOutLabel[];
}

type Flags = Record<string, string | boolean | undefined>;

async function collect(
  path: string,
  assets: { assetId: string; assetType: string }[],
  sensorsByType: Record<string, string[]>,
  windowSeconds: number,
): Promise<Map<string, AssetSeries>> {
  const wanted = new Set(assets.map((a) => a.assetId));
  const collector = new SimWindowCollector({ assets }, { windowSeconds, sensorsByType });
  await forEachSimSample(path, (s) => {
    if (wanted.has(s.assetId)) collector.push(s);
  });
  return new Map(collector.series().map((s) => [s.assetId, s]));
}

const scoresOf = (a: LoadedArtifact, threshold: number, vectors: number[][]) => {
  const spec = a.card.features;
  if (spec.kind !== 'window-features') return [];
  const errors = reconstructionErrors(
    a.model,
    vectors.map((v) => scaleVector(v, spec.scaler)),
  );
  return errors.map((e) => e / (e + threshold));
};

/**
 * `retrain --fine-tune`: per anomaly model with labels, reads the raw samples behind each labelled
 * alert (`--sim`, the labels' time ranges) and the model's own healthy training run (`--healthy`),
 * fine-tunes the autoencoder on healthy windows plus the false alarms' windows, recalibrates the
 * threshold on the held-out healthy asset, and writes `v<n+1>` with before/after precision on the
 * labels (replayed from their windows with the same alert hysteresis).
 */
export async function fineTuneGroups(groups: FineTuneGroup[], f: Flags): Promise<Record<string, unknown>[]> {
  if (typeof f.sim !== 'string' || typeof f.healthy !== 'string') {
    throw new Error(
      "retrain --fine-tune needs --sim <samples of the labelled alerts .ndjson> and --healthy <the models' healthy training run .ndjson>",
    );
  }
  const open = numberFlag(f.open, 6);
  const lookbackMs = numberFlag(f['lookback-minutes'], 120) * 60_000;
  const epochs = numberFlag(f.epochs, DEFAULT_FINE_TUNE.epochs);
  const loaded = await Promise.all(groups.map((g) => loadArtifact(g.dir)));
  const results: Record<string, unknown>[] = [];
  const anomaly = groups
    .map((g, i) => ({ g, a: loaded[i] as LoadedArtifact }))
    .filter(({ g, a }) => {
      const ok =
        a.card.task === 'anomaly' &&
        a.card.features.kind === 'window-features' &&
        a.card.threshold !== undefined;
      if (!ok) {
        console.log(`${g.name}@${g.version}: not an anomaly model with a threshold, nothing to fine-tune`);
        results.push({ model: g.name, version: g.version, action: 'none' });
      }
      return ok;
    });
  const specs = anomaly.map(
    ({ a }) => a.card.features as Extract<typeof a.card.features, { kind: 'window-features' }>,
  );
  const windowSeconds = specs[0]?.windowSeconds ?? 600;
  if (specs.some((s) => s.windowSeconds !== windowSeconds))
    throw new Error('models with different window lengths: fine-tune them one at a time');
  const sensorsByType = Object.fromEntries(specs.map((s) => [s.assetType, s.sensors]));
  const labelled = anomaly.flatMap(({ g }, i) =>
    g.group.map((l) => ({ assetId: l.assetId, assetType: (specs[i] as { assetType: string }).assetType })),
  );
  const simSeries = await collect(resolve(f.sim), labelled, sensorsByType, windowSeconds);
  const healthyTruth = await loadSimTruth(resolve(f.healthy));
  const healthySha = createHash('sha256')
    .update(await readFile(resolve(f.healthy)))
    .digest('hex');
  const healthySeries = await collect(resolve(f.healthy), healthyTruth.assets, sensorsByType, windowSeconds);
  for (const [i, { g, a }] of anomaly.entries()) {
    const started = performance.now();
    const assets = TrainAssetsSchema.safeParse(a.card.training.config);
    if (!assets.success) {
      throw new Error(
        `${g.dir}: training.config does not name its healthy assets (${assets.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')})`,
      );
    }
    if (healthySha !== a.card.dataset.sha256) {
      console.log(
        `${g.name}: ${f.healthy} is not byte for byte the run it was trained on (same assets are used)`,
      );
    }
    const pick = (ids: string[]) => ids.flatMap((id) => healthySeries.get(id)?.windows ?? []);
    const behind = g.group.map((l) =>
      windowsBehind(l, simSeries.get(l.assetId)?.windows ?? [], { windowSeconds, lookbackMs }),
    );
    const withWindows = g.group.filter((_, k) => (behind[k]?.length ?? 0) > 0).length;
    const falseAlarms = g.group.flatMap((l, k) => (l.confirmed ? [] : (behind[k] ?? [])));
    const before = labelPrecision(g.group);
    if (falseAlarms.length === 0) {
      console.log(
        `${g.name}@${g.version}: no windows of false alarms among ${g.group.length} labels, nothing to fine-tune`,
      );
      results.push({ model: g.name, version: g.version, action: 'none', labels: g.group.length, before });
      continue;
    }
    const tuned = await loadArtifact(g.dir);
    const r = await fineTuneAutoencoder(
      tuned.model,
      (specs[i] as { scaler: { mean: number[]; std: number[] } }).scaler,
      { healthy: pick(assets.data.trainAssets), heldOut: pick(assets.data.heldOutAssets), falseAlarms },
      { ...DEFAULT_FINE_TUNE, epochs },
    );
    if (r.metrics.healthyWindows === 0 || r.metrics.heldOutWindows === 0) {
      throw new Error(
        `${f.healthy} has no windows of ${g.name}'s training assets: is it the run the model was trained on?`,
      );
    }
    const kept = g.group.map((_, k) => {
      const w = behind[k] ?? [];
      return (
        w.length === 0 ||
        wouldOpen(
          scoresOf(
            tuned,
            r.threshold,
            w.map((x) => x.vector),
          ),
          0.5,
          open,
        )
      );
    });
    const after = labelPrecision(g.group, kept);
    const newVersion = nextVersion(await listVersions(g.root, g.name));
    const feedback = {
      labels: g.group.length,
      labelsWithWindows: withWindows,
      before,
      after,
      confirmedLost: before.confirmed - after.confirmed,
      evaluatedOn: 'the same labels, replayed from their windows (alert after N windows at score >= 0.5)',
      hysteresisOpen: open,
      fineTune: r.metrics,
      healthyRunSha256: healthySha,
    };
    await saveArtifact(join(g.root, g.name, newVersion), tuned.model, {
      ...a.card,
      version: newVersion,
      createdAt: new Date().toISOString(),
      threshold: r.threshold,
      parent: {
        version: g.version,
        reason: `fine-tuned on ${falseAlarms.length} windows of ${g.group.length - before.confirmed} false alarms plus its healthy training data, threshold recalibrated on its held-out healthy asset`,
      },
      feedback,
      training: {
        ...a.card.training,
        seconds: a.card.training.seconds + (performance.now() - started) / 1000,
        config: { ...a.card.training.config, fineTune: { ...DEFAULT_FINE_TUNE, epochs, lookbackMs } },
        command: commandLine(),
      },
    });
    console.log(
      `${g.name}@${g.version} -> ${newVersion}: fine-tuned on ${falseAlarms.length} false-alarm windows, threshold ${(a.card.threshold as number).toFixed(4)} -> ${r.threshold.toFixed(4)}, precision on the labels ${before.precision.toFixed(2)} -> ${after.precision.toFixed(2)} (${before.alerts} -> ${after.alerts} alerts, ${before.confirmed - after.confirmed} confirmed lost)`,
    );
    results.push({ model: g.name, version: g.version, newVersion, threshold: r.threshold, ...feedback });
    a.model.dispose();
    tuned.model.dispose();
  }
  return results;
}

/** Next `v<n>` after the highest existing one. */
export function nextVersion(existing: readonly string[]): string {
  const n = Math.max(0, ...existing.map((v) => Number(/^v(\d+)$/.exec(v)?.[1] ?? 0)));
  return `v${n + 1}`;
}
