import type { TelemetrySample } from '@pdm/shared';
import type { GeneratedSample } from '../generate.js';
import { type AssetGroup, type RoundCounts, roundsByAsset } from './rounds.js';
import { encodeDeviceData, type MetricKey, metricKeys, nodeAliases } from './sparkplug-encoder.js';

/** The devices of each edge node, in the order the node assigns aliases. */
export interface SparkplugDevices {
  sites: { siteId: string; devices: { assetId: string; sensors: string[] }[] }[];
  /** DDATA by alias (as the node's DBIRTHs give them) or by name. */
  aliases: boolean;
}

/** One chunk of one device's samples (at most maxBatch), encoded as the node would send it. */
export interface EncodedDeviceData {
  siteId: string;
  assetId: string;
  /** The device's first sample ever: it goes into the DBIRTH, the rest of the chunk into DDATA. */
  birth?: TelemetrySample;
  /** The DDATA payload without `seq`, as a byte range of the round's `bytes`; length 0 = none. */
  offset: number;
  length: number;
  /** Event time of the chunk's last sample. */
  lastTs: number;
}

/** One round of samples, grouped by device and encoded, in the order the node publishes them. */
export interface SparkplugRound {
  items: EncodedDeviceData[];
  bytes: Uint8Array;
  /** Each device of the round: its latest value per sensor afterwards (for rebirth DBIRTHs). */
  last: { siteId: string; assetId: string; values: Record<string, number> }[];
  samples: number;
  readings: number;
  lastTs: number;
}

interface DeviceState {
  keys: Map<string, MetricKey>;
  born: boolean;
  last: Record<string, number>;
}

/**
 * Groups samples into rounds of at most `roundSize` and encodes each device's share as DDATA
 * payloads of at most `maxBatch` samples without `seq` (the node appends it when it publishes),
 * keeping each device's first sample apart for its DBIRTH. The same chunks, in the same order,
 * as the node makes from the same rounds itself. Pure.
 */
export function* encodeSparkplugRounds(
  source: Iterable<GeneratedSample>,
  opts: { roundSize: number; maxBatch: number; layout: SparkplugDevices },
): Generator<SparkplugRound> {
  const devices = new Map<string, DeviceState>();
  for (const site of opts.layout.sites) {
    const aliases = nodeAliases(site.devices);
    site.devices.forEach((d, i) => {
      const keys = metricKeys(d.sensors, opts.layout.aliases ? aliases[i] : undefined);
      devices.set(`${site.siteId}/${d.assetId}`, { keys, born: false, last: {} });
    });
  }
  for (const { groups, counts } of roundsByAsset(source, opts.roundSize, (s) => s))
    yield encodeRound(groups, devices, opts.maxBatch, counts);
}

function encodeRound(
  groups: Map<string, AssetGroup<TelemetrySample>>,
  devices: Map<string, DeviceState>,
  maxBatch: number,
  counts: RoundCounts,
): SparkplugRound {
  const items: EncodedDeviceData[] = [];
  const parts: Uint8Array[] = [];
  const last: SparkplugRound['last'] = [];
  let offset = 0;
  for (const [key, g] of groups) {
    let device = devices.get(key);
    if (!device) {
      device = { keys: new Map(), born: false, last: {} };
      devices.set(key, device);
    }
    for (let i = 0; i < g.samples.length; i += maxBatch) {
      let chunk = g.samples.slice(i, i + maxBatch);
      let birth: TelemetrySample | undefined;
      if (!device.born) {
        device.born = true;
        birth = chunk[0] as TelemetrySample;
        Object.assign(device.last, birth.readings);
        chunk = chunk.slice(1);
      }
      const body =
        chunk.length > 0 ? encodeDeviceData(chunk, device.keys, undefined, device.last) : undefined;
      const chunkLastTs = (chunk.at(-1) ?? (birth as TelemetrySample)).ts;
      items.push({
        siteId: g.siteId,
        assetId: g.assetId,
        ...(birth ? { birth } : {}),
        offset,
        length: body?.length ?? 0,
        lastTs: chunkLastTs,
      });
      if (body) {
        parts.push(body);
        offset += body.length;
      }
    }
    last.push({ siteId: g.siteId, assetId: g.assetId, values: { ...device.last } });
  }
  // One buffer of its own (never a pooled slice), so it can be transferred to another thread.
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { items, bytes, last, ...counts };
}
