import { join } from 'node:path';
import { loadCmapss } from '../datasets/cmapss.js';
import { evaluateRul } from '../eval/rul-eval.js';
import { latestVersion } from '../runtime/artifact.js';
import { selectBackend } from '../runtime/backend.js';
import { RulPredictor } from '../runtime/rul-predictor.js';
import { ARTIFACTS_ROOT, datasetDir, emitJson, numberFlag, parseFlags, stderrLog } from './args.js';
import { validateRulArtifact } from './validate-rul.js';

/**
 * `eval rul`: scores a committed RUL artifact on a subset's test units and compares with its card;
 * with `--validation [--members k]`, scores it on its (first k) members' held-out training units
 * instead, without the test RUL.
 */
export async function evalRulCommand(argv: string[]): Promise<void> {
  const f = parseFlags(argv, {
    subset: { type: 'string' },
    artifact: { type: 'string' },
    validation: { type: 'boolean' },
    members: { type: 'string' },
  });
  const subset = typeof f.subset === 'string' ? f.subset : 'FD001';
  const name = `rul-${subset.toLowerCase()}`;
  const dir =
    typeof f.artifact === 'string'
      ? f.artifact
      : join(ARTIFACTS_ROOT, name, (await latestVersion(ARTIFACTS_ROOT, name)) ?? 'v1');
  const { backend } = await selectBackend({ override: process.env.PDM_TF_BACKEND, log: stderrLog });
  const predictor = await RulPredictor.load(dir);
  const data = await loadCmapss(datasetDir(f.data, 'cmapss'), subset);
  if (f.validation === true) {
    const members = typeof f.members === 'string' ? numberFlag(f.members, 0) : undefined;
    await validateRulArtifact(
      { dir, subset, backend, data, ...(members ? { members } : {}) },
      f.json === true,
    );
    return;
  }
  const started = performance.now();
  const { metrics } = evaluateRul(predictor, data);
  const seconds = (performance.now() - started) / 1000;
  const card = predictor.card.metrics;
  console.log(`${subset} test (${metrics.units} units, last window each) with ${dir}`);
  console.log('metric           this run     card');
  for (const k of [
    'rmse',
    'nasa',
    'rmseCapped',
    'nasaCapped',
    'coverage80',
    'coverage80Capped',
    'p10NotLate',
  ] as const) {
    console.log(
      `${k.padEnd(16)} ${metrics[k].toFixed(3).padStart(9)} ${(card[k] ?? Number.NaN).toFixed(3).padStart(9)}`,
    );
  }
  console.log(
    `trained ${predictor.card.training.seconds.toFixed(0)} s on ${predictor.card.training.backend}; evaluated on ${backend}`,
  );
  emitJson(f.json === true, {
    command: 'eval rul',
    subset,
    artifact: dir,
    backend,
    evalSeconds: seconds,
    trainingSeconds: predictor.card.training.seconds,
    trainingBackend: predictor.card.training.backend,
    ...metrics,
    card,
  });
}
