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

export interface RunState {
  stopping: boolean;
  stopped: boolean;
}

/** Counters at zero for a run over [startAt, endAt). */
export function newProgress(startAt: number, endAt: number): SimProgress {
  return {
    samplesPublished: 0,
    readingsPublished: 0,
    messagesPublished: 0,
    simTime: startAt,
    startAt,
    endAt,
    wallMs: 0,
    fraction: 0,
    done: false,
  };
}

/** The handle callers hold: `done`, `stop()` (asks the loop to end, then waits), `progress()`. */
export function runHandle(done: Promise<SimSummary>, p: SimProgress, state: RunState): SimulationRun {
  return {
    done,
    progress: () => ({ ...p }),
    stop: async () => {
      state.stopping = true;
      return done;
    },
  };
}

/** Calls onProgress with a copy at most every `everyMs` of wall time. */
export function throttled(
  onProgress: ((p: SimProgress) => void) | undefined,
  everyMs = 1_000,
): (p: SimProgress) => void {
  let last = 0;
  return (p) => {
    if (onProgress && p.wallMs - last >= everyMs) {
      last = p.wallMs;
      onProgress({ ...p });
    }
  };
}

/** Streams event-time samples to a publisher, paced by the wall clock times `speed`. */
export function streamSamples(opts: StreamOptions): SimulationRun {
  const clock = opts.clock ?? systemClock;
  const p = newProgress(opts.startAt, opts.endAt);
  const state: RunState = { stopping: false, stopped: false };
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
  return runHandle(done, p, state);
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
  const { opts, p, state } = ctx;
  const it = opts.source[Symbol.iterator]();
  const stops = [...opts.stops].sort((a, b) => a.at - b.at);
  const report = throttled(opts.onProgress, opts.progressEveryMs);
  let next = it.next();
  while (!next.done) {
    if (state.stopping) {
      state.stopped = true;
      return;
    }
    const target = targetTime(ctx);
    if (next.value.sample.ts > target) {
      p.simTime = Math.max(p.simTime, Math.min(target, opts.endAt));
      await sleep(Math.min(50, Math.max(1, (next.value.sample.ts - target) / opts.speed)));
      continue;
    }
    const batches = new BatchCollector();
    const limit = opts.maxPerTick ?? 20_000;
    while (!next.done && next.value.sample.ts <= target && batches.count < limit) {
      batches.add(next.value);
      p.simTime = next.value.sample.ts;
      next = it.next();
    }
    publishRound(ctx, batches, stops);
    report(p);
    await ctx.publisher.flush(() => state.stopping);
    await yieldToIo();
  }
  p.simTime = Math.max(p.simTime, opts.endAt);
  publishRound(ctx, new BatchCollector(), stops);
  p.fraction = 1;
}

/** The event time the run should have reached by now. */
function targetTime(ctx: PumpContext): number {
  const { opts } = ctx;
  if (!Number.isFinite(opts.speed)) return Number.POSITIVE_INFINITY;
  return opts.startAt + (ctx.clock.now() - ctx.wallStart) * opts.speed;
}

/** Publishes one round's batches and the device stops now due; updates the counters. */
function publishRound(ctx: PumpContext, batches: BatchCollector, stops: StreamOptions['stops']): void {
  const { publisher, p, opts } = ctx;
  for (const batch of batches.all()) publisher.publish(batch);
  while (stops.length > 0 && (stops[0]?.at ?? Number.POSITIVE_INFINITY) <= p.simTime) {
    const s = stops.shift() as (typeof stops)[number];
    publisher.deviceStopped(s.siteId, s.assetId, s.at);
  }
  p.samplesPublished += batches.count;
  p.readingsPublished += batches.readings;
  p.messagesPublished = publisher.sentMessages();
  p.wallMs = ctx.clock.now() - ctx.wallStart;
  p.fraction = Math.min(1, (p.simTime - opts.startAt) / Math.max(1, opts.endAt - opts.startAt));
}

/** Groups one round's samples by asset, keeping each asset's time order. */
class BatchCollector {
  private readonly bySite = new Map<string, Map<string, AssetBatch>>();
  private readonly order: AssetBatch[] = [];
  readings = 0;
  count = 0;

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
    this.count++;
  }

  all(): AssetBatch[] {
    return this.order;
  }
}
