import { BaselineDetector } from './baseline.js';
import { ContextDetector, contextOptions } from './context.js';
import type { OnlineDetector } from './detector.js';
import { EwmaZDetector } from './ewma-z.js';
import { LikelihoodDetector } from './likelihood.js';
import { SurpriseDetector } from './surprise.js';

/** Named detector factories, for configuration files and the evaluation CLI. */
export const DETECTORS: Record<string, () => OnlineDetector> = {
  context: () => new ContextDetector(),
  surprise: () => new SurpriseDetector(),
  'ewma-z': () => new EwmaZDetector(),
  baseline: () => new BaselineDetector(),
  'ewma-z+likelihood': () => new LikelihoodDetector(new EwmaZDetector()),
};

/**
 * The score at or above which each detector raises an alarm by default: for `context` its NAB
 * standard-profile optimum over the corpus (0.703), for `surprise` a new
 * record (its NAB standard-profile optimum sits there), for `ewma-z` and `baseline` six robust sigmas, for the
 * likelihood a tail probability of 1e-5.
 */
export const ALARM_THRESHOLDS: Record<string, number> = {
  context: 0.7,
  surprise: 1 / 3,
  'ewma-z': 0.8,
  baseline: 0.8,
  'ewma-z+likelihood': 0.5,
};

export const DEFAULT_DETECTOR = 'surprise';

/** What `eval nab` runs when no detector is named: the best on NAB first, then the previous default. */
export const NAB_DETECTORS = ['context', 'surprise'];

/** Detectors that take options (validated, every bad field named), for experiments and ablations. */
const CONFIGURABLE: Record<string, (options: unknown) => OnlineDetector> = {
  context: (options) => new ContextDetector(contextOptions(options)),
};

export function createDetector(name: string, options?: unknown): OnlineDetector {
  const make = DETECTORS[name];
  if (!make) throw new Error(`unknown detector ${name}; known: ${Object.keys(DETECTORS).join(', ')}`);
  if (options === undefined) return make();
  const configure = CONFIGURABLE[name];
  if (!configure)
    throw new Error(`detector ${name} takes no options; these do: ${Object.keys(CONFIGURABLE).join(', ')}`);
  return configure(options);
}
