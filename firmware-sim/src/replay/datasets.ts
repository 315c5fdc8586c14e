import type { TelemetrySample } from '@pdm/shared';
import type { GeneratedSample } from '../generate.js';
import { idFromHeader, linesOf, parseTimestamp, splitCsvLine } from './csv.js';
import { CMAPSS_SUBSETS, type ReplaySpec } from './spec.js';

/** A dataset turned into telemetry: samples in event-time order plus the assets they came from. */
export interface ReplayData {
  samples: GeneratedSample[];
  assets: { siteId: string; assetId: string; sensors: string[] }[];
  /** Known failures (C-MAPSS units at their last cycle or after their true RUL; IMS bearing 1 at the end). */
  failures: ReplayFailure[];
  /** Rows skipped, with the first few reasons. */
  skipped: { count: number; reasons: string[] };
}

export interface ReplayFailure {
  siteId: string;
  assetId: string;
  mode: string;
  failureAt: number;
  /** False when the failure lies after the data ends (C-MAPSS test units). */
  failsInRun: boolean;
}

export class ReplayError extends Error {}

const CMAPSS_SENSORS = [
  'op_setting_1',
  'op_setting_2',
  'op_setting_3',
  ...Array.from({ length: 21 }, (_, i) => `sensor_${i + 1}`),
];

/**
 * The failure label of each C-MAPSS subset, from the fault modes NASA's readme lists for it:
 * FD001 and FD002 have one (HPC degradation); FD003 and FD004 have two (HPC and fan degradation)
 * and do not say which one each engine develops, so the label says either.
 */
export const CMAPSS_FAILURE_MODES = {
  FD001: 'hpc_degradation',
  FD002: 'hpc_degradation',
  FD003: 'hpc_or_fan_degradation',
  FD004: 'hpc_or_fan_degradation',
} as const satisfies Record<(typeof CMAPSS_SUBSETS)[number], string>;

/** Used when neither the spec nor the file name tells the subset: the fault mode is not known. */
export const CMAPSS_UNKNOWN_MODE = 'degradation';

/** The subset named by the spec, else by the file name (`train_FD003.txt`), else undefined. */
export function cmapssSubsetOf(
  spec: Pick<ReplaySpec, 'subset' | 'path'>,
): keyof typeof CMAPSS_FAILURE_MODES | undefined {
  if (spec.subset) return spec.subset;
  const name = spec.path.split(/[\\/]/).at(-1) ?? '';
  return CMAPSS_SUBSETS.find((s) => name.toUpperCase().includes(s));
}

/** C-MAPSS: `unit cycle setting1-3 sensor1-21`, space separated; each unit an asset, each cycle a sample. */
export function cmapssData(text: string, spec: ReplaySpec, rulText?: string): ReplayData {
  const byUnit = new Map<number, TelemetrySample[]>();
  const skipped = { count: 0, reasons: [] as string[] };
  linesOf(text).forEach((line, i) => {
    const cells = line.trim().split(/\s+/).map(Number);
    const [unit, cycle] = cells;
    if (cells.length !== 26 || !cells.every(Number.isFinite) || !unit || !cycle) {
      skip(skipped, `line ${i + 1}: expected 26 numbers, got ${cells.length}`);
      return;
    }
    if (spec.units && !spec.units.includes(unit)) return;
    const readings: Record<string, number> = {};
    CMAPSS_SENSORS.forEach((id, k) => {
      readings[id] = cells[k + 2] as number;
    });
    const list = byUnit.get(unit) ?? [];
    list.push({ ts: spec.start + (cycle - 1) * spec.cycleInterval, seq: cycle - 1, readings });
    byUnit.set(unit, list);
  });
  const units = [...byUnit.keys()].sort((a, b) => a - b);
  const ruls = rulText === undefined ? undefined : linesOf(rulText).map((l) => Number(l.trim()));
  const subset = cmapssSubsetOf(spec);
  const mode = subset ? CMAPSS_FAILURE_MODES[subset] : CMAPSS_UNKNOWN_MODE;
  const failures = units.map((unit) => {
    const last = (byUnit.get(unit) as TelemetrySample[]).at(-1) as TelemetrySample;
    const rul = ruls ? (ruls[unit - 1] ?? 0) : 0;
    const failureAt = last.ts + rul * spec.cycleInterval;
    return { siteId: spec.siteId, assetId: engineId(unit), mode, failureAt, failsInRun: !ruls };
  });
  const assets = units.map((u) => ({ siteId: spec.siteId, assetId: engineId(u), sensors: CMAPSS_SENSORS }));
  return {
    samples: interleave(units.map((u) => tagged(spec.siteId, engineId(u), byUnit.get(u) ?? []))),
    assets,
    failures,
    skipped,
  };
}

function engineId(unit: number): string {
  return `engine-${String(unit).padStart(3, '0')}`;
}

/** A `timestamp,value...` table (NAB, IMS, any CSV with a header row). */
export function tableData(text: string, spec: ReplaySpec, defaultAsset: string): ReplayData {
  const lines = linesOf(text);
  const header = splitCsvLine(lines[0] ?? '');
  const tsIndex = timestampIndex(header, spec.timestampColumn);
  const columns = valueColumns(header, tsIndex, spec.columns);
  const perColumn = spec.assetPerColumn === true;
  const perColumnSensor = spec.sensorId ?? 'value';
  const assetOf = (c: { header: string }) =>
    perColumn ? idFromHeader(c.header) : (spec.assetId ?? defaultAsset);
  const series = new Map<string, TelemetrySample[]>();
  const skipped = { count: 0, reasons: [] as string[] };
  for (let i = 1; i < lines.length; i++) {
    const cells = splitCsvLine(lines[i] as string);
    const ts = parseTimestamp(cells[tsIndex] ?? '');
    if (!Number.isFinite(ts)) {
      skip(skipped, `line ${i + 1}: unreadable timestamp "${cells[tsIndex] ?? ''}"`);
      continue;
    }
    for (const c of columns) {
      const raw = cells[c.index]?.trim() ?? '';
      const value = raw === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) continue;
      const assetId = assetOf(c);
      const list = series.get(assetId) ?? [];
      const lastSample = list.at(-1);
      const sensor = perColumn ? perColumnSensor : c.sensor;
      if (lastSample && lastSample.ts === ts) lastSample.readings[sensor] = value;
      else list.push({ ts, seq: list.length, readings: { [sensor]: value } });
      series.set(assetId, list);
    }
  }
  const assetIds = [...series.keys()];
  const sensors = perColumn ? [perColumnSensor] : columns.map((c) => c.sensor);
  const assets = assetIds.map((assetId) => ({ siteId: spec.siteId, assetId, sensors }));
  const samples = interleave(assetIds.map((a) => tagged(spec.siteId, a, sortedByTime(series.get(a) ?? []))));
  return { samples, assets, failures: [], skipped };
}

function timestampIndex(header: string[], column: string | number | undefined): number {
  if (column === undefined) {
    const named = header.findIndex((h) => h.trim().toLowerCase() === 'timestamp');
    return Math.max(named, 0);
  }
  const index = typeof column === 'number' ? column : header.findIndex((h) => h.trim() === column);
  if (index < 0 || index >= header.length) {
    throw new ReplayError(
      `timestampColumn "${column}" is not a column; the header has: ${header.join(', ')}`,
    );
  }
  return index;
}

function valueColumns(header: string[], tsIndex: number, map: Record<string, string> | undefined) {
  if (map) {
    return Object.entries(map).map(([name, sensor]) => {
      const index = header.findIndex((h) => h.trim() === name);
      if (index < 0)
        throw new ReplayError(`columns: "${name}" is not a column; the header has: ${header.join(', ')}`);
      return { index, header: name, sensor };
    });
  }
  return header.flatMap((h, index) =>
    index === tsIndex ? [] : [{ index, header: h, sensor: idFromHeader(h) }],
  );
}

function skip(skipped: { count: number; reasons: string[] }, reason: string): void {
  skipped.count++;
  if (skipped.reasons.length < 5) skipped.reasons.push(reason);
}

function sortedByTime(list: TelemetrySample[]): TelemetrySample[] {
  return list.every((s, i) => i === 0 || (list[i - 1] as TelemetrySample).ts <= s.ts)
    ? list
    : [...list].sort((a, b) => a.ts - b.ts).map((s, i) => ({ ...s, seq: i }));
}

function tagged(siteId: string, assetId: string, samples: TelemetrySample[]): GeneratedSample[] {
  return samples.map((sample) => ({ siteId, assetId, sample }));
}

/** Merges per-asset series (each in time order) into one event-time order, ties in asset order. */
export function interleave(series: GeneratedSample[][]): GeneratedSample[] {
  const all = series.flatMap((s, k) => s.map((g, i) => ({ g, k, i })));
  all.sort((a, b) => a.g.sample.ts - b.g.sample.ts || a.k - b.k || a.i - b.i);
  return all.map((x) => x.g);
}

/** An asset id from a file name, always valid. */
export function idFromHeaderSafe(name: string): string {
  return idFromHeader(name).replace(/^[^A-Za-z0-9]+/, '') || 'series';
}
