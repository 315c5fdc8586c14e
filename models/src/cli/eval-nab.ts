import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadNabCorpus, loadPublishedScores, type NabSeries } from '../datasets/nab.js';
import { createDetector, NAB_DETECTORS } from '../detectors/registry.js';
import { type NabResult, normalisePublished, runDetector, scoreCorpus } from '../eval/nab/evaluate.js';
import { NAB_PROFILE_NAMES, type NabProfileName } from '../eval/nab/scorer.js';
import { datasetDir, emitJson, parseFlags } from './args.js';

const SHORT: Record<NabProfileName, string> = {
  standard: 'standard',
  reward_low_FP_rate: 'low FP',
  reward_low_FN_rate: 'low FN',
};

async function published(dir: string, corpus: NabSeries[], detector: string) {
  const maps = {} as Record<NabProfileName, Map<string, number>>;
  for (const p of NAB_PROFILE_NAMES) {
    maps[p] = new Map((await loadPublishedScores(dir, detector, p)).map((r) => [r.file, r.score]));
  }
  return normalisePublished(corpus, maps);
}

function printTable(name: string, result: NabResult, corpus: NabSeries[]): void {
  const categories = [...new Set(corpus.map((s) => s.category))];
  console.log(`\n${name}: normalised NAB scores on ${corpus.length} series (threshold per profile)`);
  console.log(`${'category'.padEnd(24)}${NAB_PROFILE_NAMES.map((p) => SHORT[p].padStart(10)).join('')}`);
  for (const c of categories) {
    console.log(
      `${c.padEnd(24)}${NAB_PROFILE_NAMES.map((p) => (result[p].byCategory[c] ?? 0).toFixed(1).padStart(10)).join('')}`,
    );
  }
  console.log(
    `${'total'.padEnd(24)}${NAB_PROFILE_NAMES.map((p) => result[p].score.toFixed(1).padStart(10)).join('')}`,
  );
  console.log(
    `${'threshold'.padEnd(24)}${NAB_PROFILE_NAMES.map((p) => result[p].threshold.toFixed(4).padStart(10)).join('')}`,
  );
}

/** `--options '<json object>'`: detector options for an ablation (the detector validates the fields). */
function parseOptions(flag: string | boolean | undefined): unknown {
  if (typeof flag !== 'string') return undefined;
  try {
    return JSON.parse(flag) as unknown;
  } catch (e) {
    throw new Error(`--options: not JSON (${(e as Error).message}): ${flag}`);
  }
}

/** `eval nab`: runs online detectors over every series present and scores them as NAB does. */
export async function evalNabCommand(argv: string[]): Promise<void> {
  const f = parseFlags(argv, { detector: { type: 'string' }, options: { type: 'string' } });
  const dir = datasetDir(f.data, 'nab');
  const names = typeof f.detector === 'string' ? f.detector.split(',') : NAB_DETECTORS;
  const options = parseOptions(f.options);
  const corpus = await loadNabCorpus(dir);
  const rows = corpus.reduce((a, s) => a + s.values.length, 0);
  const figures: Record<string, unknown> = { command: 'eval nab', series: corpus.length, rows };
  for (const name of names) {
    const started = performance.now();
    const scores = corpus.map((s) => runDetector(s, createDetector(name, options)));
    const rowsPerSecond = rows / ((performance.now() - started) / 1000);
    const result = scoreCorpus(corpus, scores);
    printTable(name, result, corpus);
    console.log(`${rowsPerSecond.toFixed(0)} rows/s (one core, detector only)`);
    figures[name] = {
      ...(options === undefined ? {} : { options }),
      rowsPerSecond,
      ...Object.fromEntries(
        NAB_PROFILE_NAMES.map((p) => [
          p,
          { score: result[p].score, threshold: result[p].threshold, byCategory: result[p].byCategory },
        ]),
      ),
    };
  }
  const reference = {
    numenta: await published(dir, corpus, 'numenta'),
    windowedGaussian: await published(dir, corpus, 'windowedGaussian'),
  };
  const full = JSON.parse(
    await readFile(join(dir, 'results', 'published_final_scores.json'), 'utf8'),
  ) as Record<string, Record<NabProfileName, number>>;
  console.log(`\npublished, same ${corpus.length} series (their per-file scores, their corpus threshold):`);
  for (const [k, v] of Object.entries(reference)) {
    console.log(`${k.padEnd(24)}${NAB_PROFILE_NAMES.map((p) => v[p].toFixed(1).padStart(10)).join('')}`);
  }
  console.log('published, full 58-series corpus:');
  for (const k of ['ARTime', 'numenta', 'contextOSE', 'knncad', 'windowedGaussian']) {
    const v = full[k];
    if (v)
      console.log(`${k.padEnd(24)}${NAB_PROFILE_NAMES.map((p) => v[p].toFixed(1).padStart(10)).join('')}`);
  }
  emitJson(f.json === true, { ...figures, publishedSameSeries: reference });
}
