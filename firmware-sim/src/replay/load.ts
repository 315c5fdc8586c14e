import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { AppError, parseOrThrow } from '@pdm/shared';
import { cmapssData, idFromHeaderSafe, type ReplayData, ReplayError, tableData } from './datasets.js';
import { type ReplaySpec, type ReplaySpecInput, ReplaySpecSchema } from './spec.js';

/** Reads a dataset in place and turns it into event-time telemetry. */
export function loadReplay(input: ReplaySpecInput): ReplayData & { spec: ReplaySpec } {
  const spec = parseOrThrow(ReplaySpecSchema, input, 'replay options');
  const text = readText(spec.path, 'path');
  try {
    return { spec, ...dataOf(spec, text) };
  } catch (err) {
    if (err instanceof ReplayError)
      throw new AppError('VALIDATION_FAILED', `replay of ${spec.path}: ${err.message}`);
    throw err;
  }
}

function dataOf(spec: ReplaySpec, text: string): ReplayData {
  const fileAsset = idFromHeaderSafe(basename(spec.path, extname(spec.path)));
  switch (spec.kind) {
    case 'cmapss':
      return cmapssData(text, spec, spec.rulPath ? readText(spec.rulPath, 'rulPath') : undefined);
    case 'nab':
      return tableData(text, { ...spec, columns: spec.columns ?? { value: 'value' } }, fileAsset);
    case 'ims': {
      const ims = {
        ...spec,
        assetPerColumn: spec.assetPerColumn ?? true,
        sensorId: spec.sensorId ?? 'vib_mean_abs',
      };
      const data = tableData(text, ims, fileAsset);
      const failureAt = rigStoppedAt(data);
      if (failureAt !== undefined && ims.assetPerColumn) {
        data.failures.push({
          siteId: spec.siteId,
          assetId: 'bearing_1',
          mode: 'bearing_wear',
          failureAt,
          failsInRun: true,
        });
      }
      return data;
    }
    case 'csv':
      return tableData(text, spec, fileAsset);
  }
}

/**
 * IMS test 2 ends with bearing 1 failed and the rig stopped: the last snapshots read near zero.
 * The failure is placed at the first of those trailing stopped snapshots (all bearings below
 * 0.01 g), or at the last snapshot when the file does not end stopped.
 */
function rigStoppedAt(data: ReplayData): number | undefined {
  if (!data.assets.some((a) => a.assetId === 'bearing_1')) return undefined;
  const byTime = new Map<number, number>();
  for (const g of data.samples) {
    const v = Object.values(g.sample.readings)[0] ?? 0;
    byTime.set(g.sample.ts, Math.max(byTime.get(g.sample.ts) ?? 0, v));
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  let failureAt = times.at(-1);
  for (let i = times.length - 1; i >= 0 && (byTime.get(times[i] as number) ?? 1) < 0.01; i--)
    failureAt = times[i];
  return failureAt;
}

function readText(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError(
      'VALIDATION_FAILED',
      `invalid replay options: ${field}: cannot read ${path}: ${(err as Error).message}`,
    );
  }
}
