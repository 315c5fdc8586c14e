import type { OnlineDetector } from '@pdm/models/online';
import type { DetectorConfig, MissingRule, Rule } from '../config-schema.js';
import { type AssetIdentity, matchesAsset } from './asset-match.js';
import { DetectorEvaluator, LevelEvaluator, RateEvaluator, type SampleEvaluator } from './evaluators.js';

export type DetectorFactory = (def: DetectorConfig) => OnlineDetector;

export interface RuleTableInput {
  rules: readonly Rule[];
  detectors: readonly DetectorConfig[];
  capacity: number;
  makeDetector: DetectorFactory;
}

/** The configured rules and detectors, and which of them watch a given asset's sensor. */
export class RuleTable {
  readonly generation: number;
  readonly missingRules: readonly MissingRule[];
  /** Rule or detector id to its definition as JSON: unchanged definitions keep their state on reload. */
  readonly fingerprints: ReadonlyMap<string, string>;

  constructor(
    private readonly input: RuleTableInput,
    generation: number,
  ) {
    this.generation = generation;
    this.missingRules = input.rules.filter((r): r is MissingRule => r.kind === 'missing' && r.enabled);
    const prints = new Map<string, string>();
    for (const r of input.rules) if (r.enabled) prints.set(r.id, JSON.stringify(r));
    for (const d of input.detectors) prints.set(d.id, JSON.stringify(d));
    this.fingerprints = prints;
  }

  /**
   * Evaluators for one sensor of one asset. Evaluators in `previous` whose definition did not
   * change are reused, so a reload keeps pending durations and open conditions.
   */
  evaluatorsFor(
    asset: AssetIdentity,
    sensor: string,
    previous?: { evaluators: readonly SampleEvaluator[]; fingerprints: ReadonlyMap<string, string> },
  ): SampleEvaluator[] {
    const out: SampleEvaluator[] = [];
    const reuse = (id: string): SampleEvaluator | undefined => {
      if (!previous || previous.fingerprints.get(id) !== this.fingerprints.get(id)) return undefined;
      return previous.evaluators.find((e) => e.id === id);
    };
    for (const rule of this.input.rules) {
      if (!rule.enabled || rule.kind === 'missing' || rule.sensor !== sensor) continue;
      if (!matchesAsset(rule.match, asset)) continue;
      out.push(reuse(rule.id) ?? this.build(rule));
    }
    for (const def of this.input.detectors) {
      if (!def.sensors.includes(sensor) || !matchesAsset(def.match, asset)) continue;
      out.push(reuse(def.id) ?? new DetectorEvaluator(def, sensor, this.input.makeDetector(def)));
    }
    return out;
  }

  private build(rule: Exclude<Rule, MissingRule>): SampleEvaluator {
    if (rule.kind === 'rate') return new RateEvaluator(rule, this.input.capacity);
    return new LevelEvaluator(rule);
  }
}
