import { join } from 'node:path';
import { z } from 'zod';
import { loadCmapss } from '../datasets/cmapss.js';
import { evaluateRul } from '../eval/rul-eval.js';
import { loadArtifact, saveArtifact } from '../runtime/artifact.js';
import { selectBackend } from '../runtime/backend.js';
import type { ModelCard } from '../runtime/card.js';
import { ModelCardError } from '../runtime/card.js';
import { RulPredictor } from '../runtime/rul-predictor.js';
import { calibrateEnsemble } from '../train/rul-calibration.js';
import { ARTIFACTS_ROOT, commandLine, datasetDir, emitJson, parseFlags, stderrLog } from './args.js';

/** What calibration needs from the card's training config to rebuild each member's held-out units. */
export const SplitConfigSchema = z.object({
  seed: z.number().int(),
  validationShare: z.number().gt(0).lt(1),
});

/**
 * `calibrate rul`: fits the conformal p10-p90 correction of a trained ensemble on its members'
 * held-out training units and writes it as a new version with the same weights (`parent` = source).
 */
export async function calibrateRulCommand(argv: string[]): Promise<void> {
  const f = parseFlags(argv, {
    subset: { type: 'string' },
    from: { type: 'string' },
    version: { type: 'string' },
    root: { type: 'string' },
  });
  const subset = typeof f.subset === 'string' ? f.subset : 'FD001';
  const name = `rul-${subset.toLowerCase()}`;
  const root = typeof f.root === 'string' ? f.root : ARTIFACTS_ROOT;
  if (typeof f.from !== 'string' || typeof f.version !== 'string') {
    throw new Error('calibrate rul needs --from <version> and --version <new version>');
  }
  const { backend } = await selectBackend({ override: process.env.PDM_TF_BACKEND, log: stderrLog });
  const source = await loadArtifact(join(root, name, f.from));
  const { card, model } = source;
  if (card.task !== 'rul' || card.features.kind !== 'cmapss-window') {
    throw new ModelCardError(`not a RUL model: ${source.dir}`, [`task ${card.task}`]);
  }
  const split = SplitConfigSchema.safeParse(card.training.config);
  if (!split.success) {
    throw new ModelCardError(
      `${source.dir}: training.config cannot rebuild the members' held-out units`,
      split.error.issues.map((i) => `training.config.${i.path.join('.')}: ${i.message}`),
    );
  }
  const data = await loadCmapss(datasetDir(f.data, 'cmapss'), subset);
  if (data.sha256 !== card.dataset.sha256) {
    throw new ModelCardError(`${source.dir}: dataset differs from the one it was trained on`, [
      `card sha256 ${card.dataset.sha256}, files ${data.sha256}`,
    ]);
  }
  const started = performance.now();
  const calibration = {
    ...calibrateEnsemble(model, data, card.features, split.data),
    command: commandLine(),
  };
  const seconds = (performance.now() - started) / 1000;
  const dir = join(root, name, f.version);
  const out: ModelCard = {
    ...card,
    version: f.version,
    createdAt: new Date().toISOString(),
    parent: { version: f.from, reason: 'same weights, p10-p90 band calibrated on held-out training units' },
    intervalCalibration: calibration,
    metrics: {},
  };
  await saveArtifact(dir, model, out);
  const predictor = await RulPredictor.load(dir);
  const { metrics } = evaluateRul(predictor, data);
  out.metrics = {
    ...metrics,
    ...Object.fromEntries(Object.entries(card.metrics).filter(([k]) => k.startsWith('validation'))),
  };
  await saveArtifact(dir, model, out);
  for (const b of calibration.bins) {
    console.log(
      `p50 >= ${b.fromP50.toFixed(1).padStart(5)}: p10 - ${b.lower.toFixed(2)}, p90 + ${b.upper.toFixed(2)} (${b.windows} windows)`,
    );
  }
  console.log(
    `${subset} test: p10-p90 coverage ${pct(card.metrics.coverage80)} -> ${pct(metrics.coverage80)} (true RUL as given), ` +
      `${pct(metrics.coverage80Capped)} (capped); p10 not late ${pct(metrics.p10NotLate)}; artifact ${dir}`,
  );
  emitJson(f.json === true, {
    command: 'calibrate rul',
    subset,
    artifact: dir,
    parent: f.from,
    backend,
    calibrationSeconds: seconds,
    calibrationUnits: calibration.units,
    calibrationWindows: calibration.windows,
    bins: calibration.bins,
    ...metrics,
  });
}

const pct = (v: number | undefined) => (v === undefined ? '?' : `${(v * 100).toFixed(0)}%`);
