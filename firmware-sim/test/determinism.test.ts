import { createHash } from 'node:crypto';
import { TelemetrySampleSchema } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import {
  generateSamples,
  groundTruthCsv,
  groundTruthJson,
  groundTruthOf,
  loadScenario,
  parseScenario,
  type Scenario,
  sensorFaultsCsv,
} from '../src/index.js';

function digest(scenario: Scenario): { samples: string; truth: string; count: number } {
  const hash = createHash('sha256');
  let count = 0;
  for (const g of generateSamples(scenario)) {
    hash.update(`${JSON.stringify(g)}\n`);
    count++;
  }
  const truth = groundTruthOf(scenario);
  const truthText = groundTruthJson(truth) + groundTruthCsv(truth) + sensorFaultsCsv(truth);
  return { samples: hash.digest('hex'), truth: createHash('sha256').update(truthText).digest('hex'), count };
}

/** plant-month cut to 12 hours so the test stays fast; its random faults are still drawn. */
function shortPlant(seed?: number): Scenario {
  const base = loadScenario('plant-month');
  return parseScenario({ ...base, start: base.start, duration: 12 * 3_600_000, seed: seed ?? base.seed });
}

describe('same seed, same output, byte for byte', () => {
  it.each([
    ['quick-demo', () => loadScenario('quick-demo')],
    ['plant-month (12 hours)', () => shortPlant()],
  ])('%s: samples and ground truth repeat exactly', (_name, make) => {
    const a = digest(make());
    const b = digest(make());
    expect(a.count).toBeGreaterThan(1000);
    expect(b).toEqual(a);
  });

  it('another seed gives other samples and other random faults', () => {
    const a = shortPlant(1);
    const b = shortPlant(2);
    expect(digest(a).samples).not.toBe(digest(b).samples);
    const full = (seed: number) => groundTruthOf(parseScenario({ ...loadScenario('plant-month'), seed }));
    expect(groundTruthJson(full(1))).not.toBe(groundTruthJson(full(2)));
  });

  it('samples come in event-time order, valid per the shared schema, with per-asset seq', () => {
    let last = 0;
    const seqs = new Map<string, number>();
    for (const g of generateSamples(shortPlant())) {
      expect(g.sample.ts).toBeGreaterThanOrEqual(last);
      last = g.sample.ts;
      const prev = seqs.get(g.assetId) ?? -1;
      expect(g.sample.seq).toBe(prev + 1);
      seqs.set(g.assetId, prev + 1);
      if (g.sample.seq === 0 || g.sample.seq === 1000)
        expect(TelemetrySampleSchema.safeParse(g.sample).success).toBe(true);
    }
    expect(seqs.size).toBe(50);
  });

  it('ground truth is known before running and matches what the samples show', () => {
    const scenario = loadScenario('plant-month');
    const truth = groundTruthOf(scenario);
    expect(truth.assets).toHaveLength(50);
    const failing = truth.faults.filter((f) => f.failsInRun);
    expect(failing.length).toBeGreaterThanOrEqual(3);
    expect(new Set(truth.faults.map((f) => f.mode)).size).toBeGreaterThanOrEqual(4);
    expect(truth.sensorFaults.map((s) => s.kind).sort()).toEqual(['drift', 'dropout', 'spike', 'stuck']);
    const csv = groundTruthCsv(truth).trim().split('\n');
    expect(csv[0]).toBe(
      'site_id,asset_id,asset_type,failure_mode,onset_at,failure_at,causes_failure,fails_in_run',
    );
    expect(csv.length - 1).toBe(50 - new Set(truth.faults.map((f) => f.assetId)).size + truth.faults.length);
  });
});
