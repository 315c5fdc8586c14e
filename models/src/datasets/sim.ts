import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';

/** One line of the simulator's NDJSON output. */
export const SimSampleSchema = z.object({
  siteId: z.string(),
  assetId: z.string(),
  ts: z.number(),
  readings: z.record(z.string(), z.number().nullable()),
});
export type SimSample = z.infer<typeof SimSampleSchema>;

/** The parts of the simulator's ground truth the models read. */
export const SimTruthSchema = z.object({
  startAt: z.number(),
  endAt: z.number(),
  assets: z.array(
    z.object({
      siteId: z.string(),
      assetId: z.string(),
      assetType: z.string(),
      failureAt: z.number().nullable(),
      failureMode: z.string().nullable(),
    }),
  ),
  faults: z.array(
    z.object({
      assetId: z.string(),
      mode: z.string(),
      onsetAt: z.number(),
      failureAt: z.number(),
      failsInRun: z.boolean(),
    }),
  ),
  sensorFaults: z.array(
    z.object({ assetId: z.string(), sensor: z.string(), startAt: z.number(), endAt: z.number() }),
  ),
});
export type SimTruth = z.infer<typeof SimTruthSchema>;

/** `<stem>.ndjson` -> `<stem>.ground-truth.json`, as the simulator names them. */
export async function loadSimTruth(ndjsonPath: string): Promise<SimTruth> {
  const path = `${ndjsonPath.replace(/\.(ndjson|jsonl|json)$/i, '')}.ground-truth.json`;
  return SimTruthSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}

/** Streams samples in file (event-time) order; malformed lines are counted and skipped. */
export async function forEachSimSample(
  path: string,
  onSample: (s: SimSample) => void,
): Promise<{ samples: number; skipped: number }> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let samples = 0;
  let skipped = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = SimSampleSchema.safeParse(JSON.parse(line));
    if (!parsed.success) {
      skipped++;
      continue;
    }
    samples++;
    onSample(parsed.data);
  }
  return { samples, skipped };
}
