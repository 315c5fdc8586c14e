import type { Clock } from '@pdm/shared';
import type { Scenario } from '../scenarios/schema.js';
import type { BrokerOptions } from './publisher.js';
import { type SparkplugLayout, SparkplugPublisher } from './sparkplug.js';
import type { SparkplugDevices, SparkplugRound } from './sparkplug-rounds.js';
import type { SimProgress, SimulationRun } from './stream.js';
import { ROUND_SIZE, runThreaded } from './threaded.js';

export interface ThreadedSparkplugOptions {
  scenario: Scenario;
  broker: BrokerOptions;
  layout: SparkplugLayout;
  maxBatch: number;
  /** Devices that stop reporting for good (DDEATH), in any order. */
  stops: { siteId: string; assetId: string; at: number }[];
  clock?: Clock;
  onProgress?: (p: SimProgress) => void;
  progressEveryMs?: number;
}

/**
 * Sparkplug B as fast as the broker takes, with generation and DDATA encoding on a worker
 * thread; this thread keeps the node's state (seq, bdSeq, births, deaths, rebirths) and
 * publishes. The same messages, in the same order, as the single-threaded run.
 */
export function runThreadedSparkplug(opts: ThreadedSparkplugOptions): SimulationRun {
  const layout: SparkplugDevices = {
    aliases: opts.layout.aliases ?? true,
    sites: opts.layout.sites.map((s) => ({ siteId: s.siteId, devices: s.devices })),
  };
  const stops = [...opts.stops].sort((a, b) => a.at - b.at);
  return runThreaded<SparkplugRound>({
    scenario: opts.scenario,
    worker: new URL('./sparkplug-worker.ts', import.meta.url),
    workerData: { scenario: opts.scenario, roundSize: ROUND_SIZE, maxBatch: opts.maxBatch, layout },
    connect: async () => {
      const publisher = await SparkplugPublisher.connect(opts.broker, {
        ...opts.layout,
        maxBatch: opts.maxBatch,
      });
      const stopDue = (simTime: number): void => {
        while (stops.length > 0 && (stops[0]?.at ?? Number.POSITIVE_INFINITY) <= simTime) {
          const s = stops.shift() as (typeof stops)[number];
          publisher.deviceStopped(s.siteId, s.assetId, s.at);
        }
      };
      return {
        publish: (round) => {
          publisher.publishEncoded(round);
          stopDue(round.lastTs);
        },
        sentMessages: () => publisher.sentMessages(),
        flush: (stopping) => publisher.flush(stopping),
        close: async (simTime, completed) => {
          if (completed) stopDue(simTime);
          await publisher.close(simTime);
        },
      };
    },
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.progressEveryMs !== undefined ? { progressEveryMs: opts.progressEveryMs } : {}),
  });
}
