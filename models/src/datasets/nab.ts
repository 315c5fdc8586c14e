import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One NAB series with its anomaly windows, times in epoch ms (UTC). */
export interface NabSeries {
  /** `category/file.csv`, as NAB names files. */
  readonly name: string;
  readonly category: string;
  readonly times: Float64Array;
  readonly values: Float64Array;
  readonly windows: [number, number][];
}

/** Parses NAB's `YYYY-MM-DD HH:MM:SS[.ffffff]` timestamps as UTC. */
export function parseNabTime(s: string): number {
  const t = Date.parse(`${s.trim().replace(' ', 'T').slice(0, 23)}Z`);
  if (Number.isNaN(t)) throw new Error(`bad NAB timestamp: ${s}`);
  return t;
}

export function parseTimeValueCsv(text: string): { times: Float64Array; values: Float64Array } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const times = new Float64Array(lines.length - 1);
  const values = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const [ts, v] = (lines[i] as string).split(',');
    times[i - 1] = parseNabTime(ts ?? '');
    values[i - 1] = Number(v);
  }
  return { times, values };
}

/** Loads every series under `<dir>/data` that has an entry in `labels/combined_windows.json`. */
export async function loadNabCorpus(dir: string): Promise<NabSeries[]> {
  const labels = JSON.parse(await readFile(join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const out: NabSeries[] = [];
  for (const category of (await readdir(join(dir, 'data'))).sort()) {
    for (const file of (await readdir(join(dir, 'data', category))).sort()) {
      const name = `${category}/${file}`;
      const windows = labels[name];
      if (!file.endsWith('.csv') || !windows) continue;
      const { times, values } = parseTimeValueCsv(await readFile(join(dir, 'data', name), 'utf8'));
      out.push({
        name,
        category,
        times,
        values,
        windows: windows.map(([a, b]) => [parseNabTime(a), parseNabTime(b)]),
      });
    }
  }
  return out;
}

/** One row of NAB's published `<detector>_<profile>_scores.csv`. */
export interface PublishedFileScore {
  detector: string;
  profile: string;
  file: string;
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
}

export async function loadPublishedScores(
  dir: string,
  detector: string,
  profile: string,
): Promise<PublishedFileScore[]> {
  const text = await readFile(join(dir, 'results', `${detector}_${profile}_scores.csv`), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '' && !l.startsWith('Totals'))
    .map((l) => {
      const c = l.split(',');
      return {
        detector: c[0] ?? '',
        profile: c[1] ?? '',
        file: c[2] ?? '',
        threshold: Number(c[3]),
        score: Number(c[4]),
        tp: Number(c[5]),
        tn: Number(c[6]),
        fp: Number(c[7]),
        fn: Number(c[8]),
      };
    });
}

/** A raw numenta output file: per-row anomaly scores and NAB's per-row weights per profile. */
export async function loadRawDetectorOutput(path: string) {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',');
  const col = (name: string) => header.indexOf(name);
  const rows = lines.slice(1).map((l) => l.split(','));
  const num = (name: string) => Float64Array.from(rows, (r) => Number(r[col(name)]));
  return {
    times: Float64Array.from(rows, (r) => parseNabTime(r[0] ?? '')),
    anomalyScore: num('anomaly_score'),
    rowWeights: {
      standard: num('S(t)_standard'),
      reward_low_FP_rate: num('S(t)_reward_low_FP_rate'),
      reward_low_FN_rate: num('S(t)_reward_low_FN_rate'),
    },
  };
}
