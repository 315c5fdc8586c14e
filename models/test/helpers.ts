import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseNabTime } from '../src/datasets/nab.js';

/** NAB window labels keyed by file, as epoch-ms pairs. */
export async function loadNabLabels(nabDir: string): Promise<Record<string, [number, number][]>> {
  const raw = JSON.parse(await readFile(join(nabDir, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [
      k,
      v.map(([a, b]) => [parseNabTime(a), parseNabTime(b)] as [number, number]),
    ]),
  );
}
