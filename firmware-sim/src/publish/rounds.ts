import type { TelemetrySample } from '@pdm/shared';
import type { GeneratedSample } from '../generate.js';

/** One asset's share of a round, its samples as `keep` made them. */
export interface AssetGroup<T> {
  siteId: string;
  assetId: string;
  samples: T[];
}

export interface RoundCounts {
  samples: number;
  readings: number;
  lastTs: number;
}

/**
 * Groups generated samples by asset into rounds of at most `roundSize` samples (the unit the
 * publishers batch and encode), keeping each sample as `keep` makes it. Pure.
 */
export function* roundsByAsset<T>(
  source: Iterable<GeneratedSample>,
  roundSize: number,
  keep: (sample: TelemetrySample) => T,
): Generator<{ groups: Map<string, AssetGroup<T>>; counts: RoundCounts }> {
  let groups = new Map<string, AssetGroup<T>>();
  let samples = 0;
  let readings = 0;
  let lastTs = 0;
  for (const g of source) {
    const key = `${g.siteId}/${g.assetId}`;
    let group = groups.get(key);
    if (!group) {
      group = { siteId: g.siteId, assetId: g.assetId, samples: [] };
      groups.set(key, group);
    }
    group.samples.push(keep(g.sample));
    for (const _ in g.sample.readings) readings++;
    samples++;
    lastTs = g.sample.ts;
    if (samples >= roundSize) {
      yield { groups, counts: { samples, readings, lastTs } };
      groups = new Map();
      samples = 0;
      readings = 0;
    }
  }
  if (samples > 0) yield { groups, counts: { samples, readings, lastTs } };
}
