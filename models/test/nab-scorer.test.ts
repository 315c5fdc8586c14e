import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPublishedScores, loadRawDetectorOutput } from '../src/datasets/nab.js';
import {
  NAB_PROFILE_NAMES,
  NAB_PROFILES,
  normaliseScore,
  optimiseThreshold,
  rowContributions,
  rowLayout,
  scoreFile,
  windowIndexRanges,
} from '../src/eval/nab/scorer.js';
import { loadNabLabels } from './helpers.js';

const NAB = join(process.env.PDM_DATASETS ?? join(import.meta.dirname, '../../../shared/datasets'), 'nab');

const RAW_FILES = [
  'artificialNoAnomaly/art_daily_small_noise.csv',
  'artificialWithAnomaly/art_load_balancer_spikes.csv',
  'realAWSCloudwatch/ec2_disk_write_bytes_c0d644.csv',
  'realKnownCause/ambient_temperature_system_failure.csv',
  'realKnownCause/machine_temperature_system_failure.csv',
  'realTraffic/occupancy_6005.csv',
];

describe('NAB scorer', () => {
  it('reproduces the check vector of EVALUATION.md', () => {
    const layout = {
      ...rowLayout(100, [
        [30, 34],
        [65, 69],
      ]),
      probation: 0,
    };
    const scores = new Float64Array(100);
    for (const i of [30, 31, 37]) scores[i] = 1;
    const out = scoreFile(layout, scores, { threshold: 0.5, profile: { tp: 1, fn: 1, fp: 1 } });
    expect(out.raw).toBeCloseTo(-0.954, 4);
    expect(out.raw).toBeCloseTo(1 + (2 / (1 + Math.exp(3.75)) - 1) - 1, 10);
    expect([out.tp, out.fp, out.fn]).toEqual([2, 1, 8]);
  });

  it('picks the corpus threshold that a brute-force sweep over emitted scores picks', () => {
    const files = [0, 1, 2].map((seed) => {
      const n = 400;
      const layout = rowLayout(n, [
        [150 + seed * 40, 180 + seed * 40],
        [300, 330],
      ]);
      const scores = Float64Array.from({ length: n }, (_, i) => ((i * 7919 + seed * 104729) % 1000) / 1000);
      return { layout, scores };
    });
    const profile = NAB_PROFILES.standard;
    const best = optimiseThreshold(files, profile);
    const candidates = [1.1, ...files.flatMap((f) => Array.from(f.scores))];
    let brute = Number.NEGATIVE_INFINITY;
    for (const threshold of candidates) {
      const sum = files.reduce((a, f) => a + scoreFile(f.layout, f.scores, { threshold, profile }).raw, 0);
      brute = Math.max(brute, sum);
    }
    expect(best.raw).toBeCloseTo(brute, 9);
    const atBest = files.reduce(
      (a, f) => a + scoreFile(f.layout, f.scores, { threshold: best.threshold, profile }).raw,
      0,
    );
    expect(atBest).toBeCloseTo(best.raw, 9);
    expect(normaliseScore(-6, 6, profile)).toBe(0);
    expect(normaliseScore(6, 6, profile)).toBe(100);
  });

  describe.each(RAW_FILES)('matches the published numenta output for %s', (file) => {
    const category = file.split('/')[0] as string;
    const base = file.split('/')[1] as string;
    it.each(NAB_PROFILE_NAMES)('profile %s: row weights and file score to 1e-6', async (profileName) => {
      const labels = await loadNabLabels(NAB);
      const raw = await loadRawDetectorOutput(join(NAB, 'results', 'numenta', category, `numenta_${base}`));
      const published = (await loadPublishedScores(NAB, 'numenta', profileName)).find((r) => r.file === file);
      expect(published).toBeDefined();
      const layout = rowLayout(raw.times.length, windowIndexRanges(raw.times, labels[file] ?? []));
      const profile = NAB_PROFILES[profileName];
      const opts = { threshold: published!.threshold, profile };
      const expected = raw.rowWeights[profileName];
      const rows = rowContributions(layout, raw.anomalyScore, opts);
      let worst = 0;
      for (let i = 0; i < raw.times.length; i++)
        worst = Math.max(worst, Math.abs((rows[i] as number) - (expected[i] as number)));
      expect(worst).toBeLessThan(1e-6);
      const got = scoreFile(layout, raw.anomalyScore, opts);
      expect(Math.abs(got.raw - published!.score)).toBeLessThan(1e-6);
      expect([got.tp, got.fp, got.fn, got.tn]).toEqual([
        published!.tp,
        published!.fp,
        published!.fn,
        published!.tn,
      ]);
    });
  });
});
