import type { GeneratedSample } from '../generate.js';
import { type AssetGroup, type RoundCounts, roundsByAsset } from './rounds.js';

/** One round of samples already serialised as JSON telemetry payloads, grouped by asset. */
export interface EncodedRound {
  batches: { siteId: string; assetId: string; payloads: string[] }[];
  samples: number;
  readings: number;
  lastTs: number;
}

/**
 * Groups samples into rounds of at most `roundSize` and serialises each asset's share as JSON
 * payloads of at most `maxBatch` samples (an object for one, an array for several). Pure.
 */
export function* encodeRounds(
  source: Iterable<GeneratedSample>,
  opts: { roundSize: number; maxBatch: number },
): Generator<EncodedRound> {
  for (const { groups, counts } of roundsByAsset(source, opts.roundSize, (s) => JSON.stringify(s)))
    yield finish(groups, counts, opts.maxBatch);
}

function finish(
  groups: Map<string, AssetGroup<string>>,
  counts: RoundCounts,
  maxBatch: number,
): EncodedRound {
  const batches = [...groups.values()].map((g) => {
    const payloads: string[] = [];
    for (let i = 0; i < g.samples.length; i += maxBatch) {
      const part = g.samples.slice(i, i + maxBatch);
      payloads.push(part.length === 1 ? (part[0] as string) : `[${part.join(',')}]`);
    }
    return { siteId: g.siteId, assetId: g.assetId, payloads };
  });
  return { batches, ...counts };
}
