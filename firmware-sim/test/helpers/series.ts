import {
  generateSamples,
  groundTruthOf,
  parseScenario,
  type Scenario,
  type ScenarioInput,
} from '../../src/index.js';

type AssetInput = ScenarioInput['sites'][number]['assets'][number];

/** A one-site scenario around the given assets, steady operation unless the asset says otherwise. */
export function scenarioWith(assets: AssetInput[], extra: Partial<ScenarioInput> = {}): Scenario {
  return parseScenario({
    name: 'test',
    seed: 7,
    start: '2026-01-05T00:00:00Z',
    duration: '6d',
    sampleInterval: '1m',
    operation: { loadChangesPerDay: 0, startsPerDay: 0 },
    sites: [{ id: 'site-t', location: { lat: 50, lon: 8 }, assets }],
    ...extra,
  });
}

export interface Point {
  ts: number;
  readings: Record<string, number>;
}

/** Every asset's samples, by asset id. */
export function seriesOf(scenario: Scenario): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  for (const g of generateSamples(scenario)) {
    const list = out.get(g.assetId) ?? [];
    list.push({ ts: g.sample.ts, readings: g.sample.readings });
    out.set(g.assetId, list);
  }
  return out;
}

export function failureOf(scenario: Scenario, assetId: string): { onsetAt: number; failureAt: number } {
  const f = groundTruthOf(scenario).faults.find((x) => x.assetId === assetId);
  if (!f) throw new Error(`no fault on ${assetId}`);
  return f;
}

/** Mean of one sensor over [from, to). */
export function meanOf(points: Point[], sensor: string, from: number, to: number): number {
  const vals = points
    .filter((p) => p.ts >= from && p.ts < to && sensor in p.readings)
    .map((p) => p.readings[sensor] as number);
  return vals.reduce((a, b) => a + b, 0) / vals.length;
}

/** Standard deviation of one sensor over [from, to). */
export function stdOf(points: Point[], sensor: string, from: number, to: number): number {
  const vals = points
    .filter((p) => p.ts >= from && p.ts < to && sensor in p.readings)
    .map((p) => p.readings[sensor] as number);
  const m = vals.reduce((a, b) => a + b, 0) / vals.length;
  return Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / vals.length);
}

/** Means over `n` equal windows covering [from, to). */
export function windowMeans(
  points: Point[],
  sensor: string,
  span: { from: number; to: number; n: number },
): number[] {
  const w = (span.to - span.from) / span.n;
  return Array.from({ length: span.n }, (_, i) =>
    meanOf(points, sensor, span.from + i * w, span.from + (i + 1) * w),
  );
}

/** Mean absolute change between consecutive samples, relative to the mean: process instability. */
export function instabilityOf(points: Point[], sensor: string, from: number, to: number): number {
  const vals = points
    .filter((p) => p.ts >= from && p.ts < to && sensor in p.readings)
    .map((p) => p.readings[sensor] as number);
  let sum = 0;
  for (let i = 1; i < vals.length; i++) sum += Math.abs((vals[i] as number) - (vals[i - 1] as number));
  return sum / (vals.length - 1) / (vals.reduce((a, b) => a + b, 0) / vals.length);
}
