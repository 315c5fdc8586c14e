import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CmapssRow, parseCmapss } from '../features/cmapss.js';

export interface CmapssSubset {
  name: string;
  train: CmapssRow[];
  test: CmapssRow[];
  /** True RUL at the last test cycle of each test unit, in unit order. */
  testRul: number[];
  /** sha256 over the three files, for the model card. */
  sha256: string;
}

/** Reads `train_<subset>.txt`, `test_<subset>.txt` and `RUL_<subset>.txt` from `dir`. */
export async function loadCmapss(dir: string, subset: string): Promise<CmapssSubset> {
  const names = [`train_${subset}.txt`, `test_${subset}.txt`, `RUL_${subset}.txt`];
  const texts = await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
  const hash = createHash('sha256');
  for (const t of texts) hash.update(t);
  const [train, test, rul] = texts as [string, string, string];
  return {
    name: subset,
    train: parseCmapss(train),
    test: parseCmapss(test),
    testRul: rul
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map(Number),
    sha256: hash.digest('hex'),
  };
}
