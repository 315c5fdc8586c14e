import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { GeneratedSample } from '../generate.js';

/** `<dir>/run.ndjson` -> `<dir>/run`: the stem the ground-truth files are named after. */
export function stemOf(outPath: string): string {
  return outPath.replace(/\.(ndjson|jsonl|json)$/i, '');
}

/**
 * Writes samples as NDJSON, one `{siteId, assetId, ts, seq, readings}` object per line, in event
 * time order; returns how many were written.
 */
export async function writeNdjson(
  outPath: string,
  samples: Iterable<GeneratedSample>,
  onProgress?: (written: number, simTime: number) => void,
): Promise<number> {
  const out = createWriteStream(outPath, { encoding: 'utf8' });
  const errored = once(out, 'error').then(([err]) => {
    throw err;
  });
  errored.catch(() => undefined);
  let count = 0;
  let reported = 0;
  let chunk = '';
  for (const g of samples) {
    const { ts, seq, readings } = g.sample;
    chunk += `${JSON.stringify({ siteId: g.siteId, assetId: g.assetId, ts, seq, readings })}\n`;
    count++;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), errored]);
      chunk = '';
      if (count - reported >= 50_000) {
        reported = count;
        onProgress?.(count, ts);
      }
    }
  }
  out.end(chunk);
  await Promise.race([once(out, 'finish'), errored]);
  return count;
}

/** Writes named text files beside the stem: `<stem><suffix>`. */
export async function writeBeside(stem: string, files: Record<string, string>): Promise<string[]> {
  const written: string[] = [];
  for (const [suffix, text] of Object.entries(files)) {
    await writeFile(`${stem}${suffix}`, text, 'utf8');
    written.push(`${stem}${suffix}`);
  }
  return written;
}
