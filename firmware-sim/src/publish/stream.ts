import { setTimeout as sleep, setImmediate as yieldToIo } from 'node:timers/promises';
import { type Clock, systemClock } from '@pdm/shared';
import type { GeneratedSample } from '../generate.js';
import type { AssetBatch, Publisher } from './publisher.js';

export interface SimProgress {
  samplesPublished: number;
  readingsPublished: number;
  messagesPublished: number;
  /** Event time reached, epoch ms. */
  simTime: number;
  startAt: number;
  endAt: number;
  /** Wall milliseconds since publishing began. */
  wallMs: number;
  /** Share of the simulated span covered, 0-1. */
  fraction: number;
  done: boolean;
}

export interface SimSummary extends SimProgress {
  /** True when stop() ended the run before its end. */
  stopped: boolean;
}

export interface SimulationRun {
  done: Promise<SimSummary>;
  stop(): Promise<SimSummary>;
  progress(): SimProgress;
}

export interface StreamOptions {
  source: Iterable<GeneratedSample>;
  startAt: number;
  endAt: number;
  /** Devices that stop reporting for good, in time order (failed machines). */
  stops: { siteId: string; assetId: string; at: number }[];
  connect: () => Promise<Publisher>;
  /** Simulated ms per wall ms; Infinity publishes as fast as the broker takes. */
  speed: number;
  clock?: Clock;
  onProgress?: (p: SimProgress) => void;
  progressEveryMs?: number;
  /** Most samples collected into one publishing round. */
  maxPerTick?: number;
}

/** Streams event-time samples to a publisher, paced by the wall clock times `speed`. */
export function streamSamples(opts: StreamOptions): SimulationRun {
  const clock = opts.clock ?? systemClock;
  const p: SimProgress = {
    samplesPublished: 0,
    readingsPublished: 0,
    messagesPublished: 0,
    simTime: opts.startAt,
    startAt: opts.startAt,
    endAt: opts.endAt,
    wallMs: 0,
    fraction: 0,
    done: false,
  };
  const state = { stopping: false, stopped: false };
  const snapshot = (): SimProgress => ({ ...p });
  const done = (async (): Promise<SimSummary> => {
    const publisher = await opts.connect();
    const wallStart = clock.now();
    try {
      await pump({ opts, publisher, p, state, wallStart, clock });
    } finally {
      await publisher.close(p.simTime);
      p.messagesPublished = publisher.sentMessages();
    }
    p.wallMs = clock.now() - wallStart;
    p.done = true;
    opts.onProgress?.(snapshot());
    return { ...snapshot(), stopped: state.stopped };
  })();
  return {
    done,
    progress: snapshot,
    stop: async () => {
      state.stopping = true;
      return done;
    },
  };
}

interface PumpContext {
  opts: StreamOptions;
  publisher: Publisher;
  p: SimProgress;
  state: { stopping: boolean; stopped: boolean };
  wallStart: number;
  clock: Clock;
}

async function pump(ctx: PumpContext): Promise<void> {
  const { opts, publisher, p, state, clock } = ctx;
  const it = opts.source[Symbol.iterator]();
  const maxPerTick = opts.maxPerTick ?? 20_000;
  const everyMs = opts.progressEveryMs ?? 1_000;
  const stops = [...opts.stops].sort((a, b) => a.at - b.at);
  let next = it.next();
  let lastReport = 0;
  while (!next.done) {
    if (state.stopping) {
      state.stopped = true;
      return;
    }
    const wall = clock.now() - ctx.wallStart;
    const target = Number.isFinite(opts.speed) ? opts.startAt + wall * opts.speed : Number.POSITIVE_INFINITY;
    if (next.value.sample.ts > target) {
      p.simTime = Math.max(p.simTime, Math.min(target, opts.endAt));
      await sleep(Math.min(50, Math.max(1, (next.value.sample.ts - target) / opts.speed)));
      continue;
    }
    const batches = new BatchCollector();
    let count = 0;
    while (!next.done && next.value.sample.ts <= target && count < maxPerTick) {
      const g = next.value;
      batches.add(g);
      p.simTime = g.sample.ts;
      count++;
      next = it.next();
    }
    p.readingsPublished += batches.readings;
    for (const batch of batches.all()) publisher.publish(batch);
    while (stops.length > 0 && (stops[0]?.at ?? Number.POSITIVE_INFINITY) <= p.simTime) {
      const s = stops.shift() as (typeof stops)[number];
      publisher.deviceStopped(s.siteId, s.assetId, s.at);
    }
    p.samplesPublished += count;
    p.messagesPublished = publisher.sentMessages();
    p.wallMs = clock.now() - ctx.wallStart;
    p.fraction = Math.min(1, (p.simTime - opts.startAt) / Math.max(1, opts.endAt - opts.startAt));
    if (opts.onProgress && p.wallMs - lastReport >= everyMs) {
      lastReport = p.wallMs;
      opts.onProgress({ ...p });
    }
    await publisher.flush();
    await yieldToIo();
  }
  p.simTime = Math.max(p.simTime, opts.endAt);
  p.fraction = 1;
}

/** Groups one round's samples by asset, keeping each asset's time order. */
class BatchCollector {
  private readonly bySite = new Map<string, Map<string, AssetBatch>>();
  private readonly order: AssetBatch[] = [];
  readings = 0;

  add(g: GeneratedSample): void {
    let site = this.bySite.get(g.siteId);
    if (!site) {
      site = new Map();
      this.bySite.set(g.siteId, site);
    }
    const batch = site.get(g.assetId);
    if (batch) batch.samples.push(g.sample);
    else {
      const created = { siteId: g.siteId, assetId: g.assetId, samples: [g.sample] };
      site.set(g.assetId, created);
      this.order.push(created);
    }
    for (const _ in g.sample.readings) this.readings++;
  }

  all(): AssetBatch[] {
    return this.order;
  }
}
