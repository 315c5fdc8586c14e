import type { Clock } from '@pdm/shared';
import { brokerOf, connectPublisher, type WireFormat } from '../publish/run.js';
import { checkPublishSettings } from '../publish/settings.js';
import type { SimProgress, SimulationRun } from '../publish/stream.js';
import { streamSamples } from '../publish/stream.js';
import { loadReplay } from './load.js';
import type { ReplaySpecInput } from './spec.js';

export interface ReplayRunOptions {
  replay: ReplaySpecInput;
  brokerUrl: string;
  username?: string;
  password?: string;
  /** Simulated ms per wall ms; Infinity (as fast as the broker takes) by default. */
  speed?: number;
  format?: WireFormat;
  /** Sparkplug group id (the site id by default); the edge node is `<site>-gw`. */
  sparkplugGroup?: string;
  /** Sparkplug: DDATA metrics by alias (default) or, when false, by name. */
  sparkplugAliases?: boolean;
  onProgress?: (p: SimProgress) => void;
  clock?: Clock;
  maxBatch?: number;
}

/** Streams a dataset as if a gateway sent it live, in event time. */
export function runReplay(opts: ReplayRunOptions): SimulationRun {
  checkPublishSettings({ ...opts }, 'replay options');
  const data = loadReplay(opts.replay);
  const startAt = data.samples[0]?.sample.ts ?? Date.UTC(2026, 0, 1);
  const endAt = (data.samples.at(-1)?.sample.ts ?? startAt) + 1;
  const siteId = data.spec.siteId;
  const sparkplug = {
    startAt,
    aliases: opts.sparkplugAliases ?? true,
    sites: [
      {
        siteId,
        groupId: opts.sparkplugGroup ?? siteId,
        nodeId: `${siteId}-gw`,
        devices: data.assets.map((a) => ({ assetId: a.assetId, sensors: a.sensors })),
      },
    ],
  };
  return streamSamples({
    source: data.samples,
    startAt,
    endAt,
    stops: [],
    connect: () =>
      connectPublisher({
        broker: brokerOf(opts),
        sparkplug,
        ...(opts.format ? { format: opts.format } : {}),
        ...(opts.maxBatch !== undefined ? { maxBatch: opts.maxBatch } : {}),
      }),
    speed: opts.speed ?? Number.POSITIVE_INFINITY,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
}
