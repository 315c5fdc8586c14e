import type { CmapssSubset } from '../datasets/cmapss.js';
import { loadArtifact } from '../runtime/artifact.js';
import { ModelCardError } from '../runtime/card.js';
import { type RulValidationFigures, validateEnsemble } from '../train/rul-validation.js';
import { emitJson } from './args.js';
import { SplitConfigSchema } from './calibrate-rul.js';

/**
 * `eval rul --validation`: out-of-fold figures of a RUL ensemble on its members' held-out training
 * units against their uncapped RUL, the figure that chooses between training caps (no test RUL).
 */
export async function validateRulArtifact(
  r: { dir: string; subset: string; backend: string; data: CmapssSubset; members?: number },
  json: boolean,
): Promise<void> {
  const { card, model } = await loadArtifact(r.dir);
  if (card.task !== 'rul' || card.features.kind !== 'cmapss-window') {
    throw new ModelCardError(`not a RUL model: ${r.dir}`, [`task ${card.task}`]);
  }
  const split = SplitConfigSchema.safeParse(card.training.config);
  if (!split.success) {
    throw new ModelCardError(
      `${r.dir}: training.config cannot rebuild the members' held-out units`,
      split.error.issues.map((i) => `training.config.${i.path.join('.')}: ${i.message}`),
    );
  }
  const started = performance.now();
  const v = validateEnsemble(model, r.data, card.features, split.data, r.members);
  const seconds = (performance.now() - started) / 1000;
  const line = (label: string, x: RulValidationFigures) =>
    console.log(
      `${label.padEnd(13)} RMSE ${x.rmse.toFixed(2)} uncapped, ${x.rmseCapped.toFixed(2)} capped at 125, ` +
        `NASA per truncation ${x.nasa.toFixed(2)} (${x.windows} truncations)`,
    );
  console.log(
    `${r.subset} validation, ${v.units} units held out by the first ${v.members} members, ${r.dir} (training cap ${card.features.cap}):`,
  );
  line('test lengths', v.testLengths);
  line('every cycle', v.everyCycle);
  emitJson(json, {
    command: 'eval rul --validation',
    subset: r.subset,
    artifact: r.dir,
    backend: r.backend,
    cap: card.features.cap,
    evalSeconds: seconds,
    validationUnits: v.units,
    members: v.members,
    testLengths: v.testLengths,
    everyCycle: v.everyCycle,
  });
}
