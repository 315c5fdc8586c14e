import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type CloseOutLabel, parseLabelLines, recalibrateThreshold } from '../feedback/labels.js';
import { listVersions, loadArtifact, saveArtifact } from '../runtime/artifact.js';
import { selectBackend } from '../runtime/backend.js';
import { ARTIFACTS_ROOT, commandLine, emitJson, numberFlag, parseFlags, stderrLog } from './args.js';
import { fineTuneGroups, nextVersion } from './retrain-fine-tune.js';

export { nextVersion };

/** Alert-scale score s (0.5 at the threshold) back to the model's error threshold. */
const errorAt = (s: number, threshold: number) => (threshold * s) / (1 - s);

/**
 * `retrain`: from close-out labels, recalibrates anomaly-model thresholds, or with `--fine-tune`
 * fine-tunes the autoencoders on the false alarms' windows; either way into new artifact versions.
 */
export async function retrainCommand(argv: string[]): Promise<void> {
  const f = parseFlags(argv, {
    labels: { type: 'string' },
    root: { type: 'string' },
    'target-precision': { type: 'string' },
    'max-lost': { type: 'string' },
    'fine-tune': { type: 'boolean' },
    sim: { type: 'string' },
    healthy: { type: 'string' },
    open: { type: 'string' },
    'lookback-minutes': { type: 'string' },
    epochs: { type: 'string' },
  });
  if (typeof f.labels !== 'string') throw new Error('--labels <close-out labels .jsonl> is required');
  const root = typeof f.root === 'string' ? resolve(f.root) : ARTIFACTS_ROOT;
  const { labels, errors } = parseLabelLines(await readFile(resolve(f.labels), 'utf8'));
  for (const e of errors) console.error(`skipped ${e}`);
  await selectBackend({ override: process.env.PDM_TF_BACKEND, log: stderrLog });
  const groups = new Map<string, CloseOutLabel[]>();
  for (const l of labels)
    groups.set(`${l.ruleOrModel}@${l.version}`, [...(groups.get(`${l.ruleOrModel}@${l.version}`) ?? []), l]);
  const results: Record<string, unknown>[] = [];
  const toFineTune: { dir: string; root: string; name: string; version: string; group: CloseOutLabel[] }[] =
    [];
  for (const [key, group] of groups) {
    const [name, version] = key.split('@') as [string, string];
    const dir = join(root, name, version);
    const confirmed = group.filter((l) => l.confirmed).length;
    const base = { model: name, version, labels: group.length, precision: confirmed / group.length };
    if (!existsSync(join(dir, 'card.json'))) {
      console.log(
        `${key}: ${group.length} labels, precision ${base.precision.toFixed(2)}; not a model artifact here, nothing to retrain`,
      );
      results.push({ ...base, action: 'none' });
      continue;
    }
    if (f['fine-tune'] === true) toFineTune.push({ dir, root, name, version, group });
    else results.push(await recalibrate({ dir, root, name, version, group }, f));
  }
  if (toFineTune.length > 0) results.push(...(await fineTuneGroups(toFineTune, f)));
  emitJson(f.json === true, { command: 'retrain', labels: labels.length, rejected: errors.length, results });
}

async function recalibrate(
  g: { dir: string; root: string; name: string; version: string; group: CloseOutLabel[] },
  f: Record<string, string | boolean | undefined>,
): Promise<Record<string, unknown>> {
  const artifact = await loadArtifact(g.dir);
  const { card } = artifact;
  if (card.task !== 'anomaly' || card.threshold === undefined) {
    console.log(
      `${g.name}@${g.version}: ${card.task} model, threshold recalibration applies to anomaly models only`,
    );
    return { model: g.name, version: g.version, action: 'none' };
  }
  const r = recalibrateThreshold(g.group, {
    current: 0.5,
    targetPrecision: numberFlag(f['target-precision'], 0.8),
    maxConfirmedLost: numberFlag(f['max-lost'], 0),
  });
  const newVersion = nextVersion(await listVersions(g.root, g.name));
  const threshold = errorAt(Math.min(r.after.threshold, 0.999), card.threshold);
  const feedback = {
    labels: g.group.length,
    before: r.before,
    after: r.after,
    confirmedLost: r.confirmedLost,
    evaluatedOn: 'the same labels',
  };
  await saveArtifact(join(g.root, g.name, newVersion), artifact.model, {
    ...card,
    version: newVersion,
    createdAt: new Date().toISOString(),
    threshold,
    parent: { version: g.version, reason: `threshold recalibrated from ${g.group.length} close-out labels` },
    feedback,
    training: { ...card.training, command: commandLine() },
  });
  console.log(
    `${g.name}@${g.version} -> ${newVersion}: threshold ${card.threshold.toFixed(4)} -> ${threshold.toFixed(4)}, precision ${r.before.precision.toFixed(2)} -> ${r.after.precision.toFixed(2)} (${r.confirmedLost} confirmed lost)`,
  );
  return { model: g.name, version: g.version, newVersion, threshold, ...feedback };
}
