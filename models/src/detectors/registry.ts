import type { OnlineDetector } from './detector.js';
import { EwmaZDetector } from './ewma-z.js';
import { LikelihoodDetector } from './likelihood.js';
import { SurpriseDetector } from './surprise.js';

/** Named detector factories, for configuration files and the evaluation CLI. */
export const DETECTORS: Record<string, () => OnlineDetector> = {
  surprise: () => new SurpriseDetector(),
  'ewma-z': () => new EwmaZDetector(),
  'ewma-z+likelihood': () => new LikelihoodDetector(new EwmaZDetector()),
};

export const DEFAULT_DETECTOR = 'surprise';

export function createDetector(name: string): OnlineDetector {
  const make = DETECTORS[name];
  if (!make) throw new Error(`unknown detector ${name}; known: ${Object.keys(DETECTORS).join(', ')}`);
  return make();
}
