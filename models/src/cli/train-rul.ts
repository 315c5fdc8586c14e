import { join } from 'node:path';
import { loadCmapss } from '../datasets/cmapss.js';
import { evaluateRul } from '../eval/rul-eval.js';
import { featureCount } from '../features/rul-spec.js';
import { saveArtifact } from '../runtime/artifact.js';
import { selectBackend } from '../runtime/backend.js';
import type { ModelCard } from '../runtime/card.js';
import { RulPredictor } from '../runtime/rul-predictor.js';
import { ProgressBar } from '../train/progress.js';
import {
  BASE_RUL_CONFIG,
  DEFAULT_RUL_CONFIG,
  fitFeatureSpec,
  type RulTrainConfig,
  type TrainedMember,
  trainingWindows,
  trainMember,
} from '../train/rul.js';
import { calibrateEnsemble } from '../train/rul-calibration.js';
import { mergeEnsemble } from '../train/rul-model.js';
import { validateEnsemble } from '../train/rul-validation.js';
import {
  ARTIFACTS_ROOT,
  commandLine,
  datasetDir,
  emitJson,
  numberFlag,
  parseFlags,
  stderrLog,
} from './args.js';

const FLAGS = {
  subset: { type: 'string' },
  version: { type: 'string' },
  out: { type: 'string' },
  members: { type: 'string' },
  epochs: { type: 'string' },
  units: { type: 'string' },
  window: { type: 'string' },
  cap: { type: 'string' },
  architecture: { type: 'string' },
  smoothing: { type: 'string' },
  'batch-size': { type: 'string' },
  'learning-rate': { type: 'string' },
  patience: { type: 'string' },
  'cycle-scale': { type: 'string' },
  'budget-minutes': { type: 'string' },
  seed: { type: 'string' },
} as const;

function configFrom(f: Record<string, string | boolean | undefined>, subset: string): RulTrainConfig {
  const base = { ...BASE_RUL_CONFIG, ...(DEFAULT_RUL_CONFIG[subset] ?? {}) };
  return {
    ...base,
    members: numberFlag(f.members, base.members),
    epochs: numberFlag(f.epochs, base.epochs),
    units: numberFlag(f.units, base.units),
    window: numberFlag(f.window, base.window),
    cap: numberFlag(f.cap, base.cap),
    seed: numberFlag(f.seed, base.seed),
    smoothing: numberFlag(f.smoothing, base.smoothing),
    batchSize: numberFlag(f['batch-size'], base.batchSize),
    learningRate: numberFlag(f['learning-rate'], base.learningRate),
    patience: numberFlag(f.patience, base.patience),
    cycleScale: numberFlag(f['cycle-scale'], base.cycleScale),
    architecture: f.architecture === 'dense' ? 'dense' : base.architecture,
  };
}

/** `train rul`: trains an ensemble on one C-MAPSS subset and writes the artifact with its card. */
export async function trainRulCommand(argv: string[]): Promise<void> {
  const f = parseFlags(argv, FLAGS);
  const subset = typeof f.subset === 'string' ? f.subset : 'FD001';
  const cfg = configFrom(f, subset);
  const { backend } = await selectBackend({ override: process.env.PDM_TF_BACKEND, log: stderrLog });
  const data = await loadCmapss(datasetDir(f.data, 'cmapss'), subset);
  const spec = fitFeatureSpec(data, cfg);
  const windows = trainingWindows(data.train, spec);
  const started = performance.now();
  const deadline = started + numberFlag(f['budget-minutes'], 18) * 60_000;
  process.stderr.write(
    `${subset}: ${windows.count} windows, ${spec.scaler.centres.length} condition(s), backend ${backend}\n`,
  );
  const members: TrainedMember[] = [];
  let memberMs = 0;
  // A member starts only when the time left covers one as long as the last: no half-trained members.
  for (let m = 0; m < cfg.members && (m === 0 || performance.now() + memberMs < deadline); m++) {
    const memberStart = performance.now();
    process.stderr.write(`member ${m + 1}/${cfg.members}\n`);
    const progress = new ProgressBar(process.stderr, cfg.epochs);
    members.push(
      await trainMember({ data, spec, windows }, cfg, {
        member: m,
        progress,
        shouldStop: () => performance.now() > deadline,
      }),
    );
    progress.end();
    memberMs = performance.now() - memberStart;
  }
  const seconds = (performance.now() - started) / 1000;
  const model = mergeEnsemble(
    members.map((m) => m.model),
    [cfg.window, featureCount(spec)],
  );
  const version = typeof f.version === 'string' ? f.version : 'v1';
  const dir = join(
    typeof f.out === 'string' ? f.out : ARTIFACTS_ROOT,
    `rul-${subset.toLowerCase()}`,
    version,
  );
  const card: ModelCard = {
    name: `rul-${subset.toLowerCase()}`,
    version,
    task: 'rul',
    createdAt: new Date().toISOString(),
    dataset: { name: `C-MAPSS ${subset}`, sha256: data.sha256, rows: data.train.length },
    features: spec,
    metrics: {},
    seed: cfg.seed,
    training: {
      seconds,
      backend,
      config: { ...cfg, membersTrained: members.length },
      command: commandLine(),
    },
  };
  card.intervalCalibration = { ...calibrateEnsemble(model, data, spec, cfg), command: commandLine() };
  await saveArtifact(dir, model, card);
  const predictor = await RulPredictor.load(dir);
  const { metrics } = evaluateRul(predictor, data);
  const validationRmse = members.reduce((a, m) => a + m.validationRmse, 0) / members.length;
  const held = validateEnsemble(model, data, spec, cfg).testLengths;
  card.metrics = {
    ...metrics,
    validationRmse,
    validationRmseUncapped: held.rmse,
    validationRmseCapped: held.rmseCapped,
  };
  await saveArtifact(dir, model, card);
  report({ subset, dir, backend, seconds, members, metrics: card.metrics }, f.json === true);
}

function report(
  r: {
    subset: string;
    dir: string;
    backend: string;
    seconds: number;
    members: TrainedMember[];
    metrics: Record<string, number>;
  },
  json: boolean,
): void {
  const m = r.metrics;
  console.log(
    `\n${r.subset}: RMSE ${m.rmse?.toFixed(2)}  NASA ${m.nasa?.toFixed(0)}  p10-p90 coverage ${((m.coverage80 ?? 0) * 100).toFixed(0)}%`,
  );
  console.log(
    `members ${r.members.length} (best epochs ${r.members.map((x) => x.bestEpoch).join(', ')}), ${r.seconds.toFixed(0)} s on ${r.backend}`,
  );
  console.log(`artifact ${r.dir}`);
  emitJson(json, {
    command: 'train rul',
    subset: r.subset,
    backend: r.backend,
    trainingSeconds: r.seconds,
    artifact: r.dir,
    ...m,
  });
}
