import type { GeneratedSample } from '../generate.js';

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
  let groups = new Map<string, { siteId: string; assetId: string; samples: string[] }>();
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
    group.samples.push(JSON.stringify(g.sample));
    for (const _ in g.sample.readings) readings++;
    samples++;
    lastTs = g.sample.ts;
    if (samples >= opts.roundSize) {
      yield finish(groups, { samples, readings, lastTs }, opts.maxBatch);
      groups = new Map();
      samples = 0;
      readings = 0;
    }
  }
  if (samples > 0) yield finish(groups, { samples, readings, lastTs }, opts.maxBatch);
}

function finish(
  groups: Map<string, { siteId: string; assetId: string; samples: string[] }>,
  counts: { samples: number; readings: number; lastTs: number },
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
