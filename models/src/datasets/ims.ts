import { readFile } from 'node:fs/promises';

export interface ImsTest {
  times: Float64Array;
  /** One column per bearing, in file order. */
  bearings: { name: string; values: Float64Array }[];
}

/** Reads the merged IMS test CSV: an unnamed timestamp column then one column per bearing. */
export async function loadIms(path: string): Promise<ImsTest> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').slice(1);
  const rows = lines.slice(1).map((l) => l.split(','));
  return {
    times: Float64Array.from(rows, (r) => Date.parse(`${(r[0] ?? '').replace(' ', 'T')}Z`)),
    bearings: header.map((name, j) => ({ name, values: Float64Array.from(rows, (r) => Number(r[j + 1])) })),
  };
}
