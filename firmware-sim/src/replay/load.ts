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
      const end = data.samples.at(-1)?.sample.ts;
      const bearing1 = data.assets.find((a) => a.assetId === 'bearing_1');
      if (end !== undefined && bearing1 && ims.assetPerColumn) {
        data.failures.push({
          siteId: spec.siteId,
          assetId: 'bearing_1',
          mode: 'bearing_wear',
          failureAt: end,
          failsInRun: true,
        });
      }
      return data;
    }
    case 'csv':
      return tableData(text, spec, fileAsset);
  }
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
