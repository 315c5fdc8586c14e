import { Worker } from 'node:worker_threads';
import { type Clock, systemClock } from '@pdm/shared';
import type { Scenario } from '../scenarios/schema.js';
import type { EncodedRound } from './encoded-rounds.js';
import { JsonPublisher } from './json.js';
import type { BrokerOptions } from './publisher.js';
import {
  newProgress,
  type RunState,
  runHandle,
  type SimProgress,
  type SimSummary,
  type SimulationRun,
  throttled,
} from './stream.js';

export interface ThreadedOptions {
  scenario: Scenario;
  broker: BrokerOptions;
  maxBatch: number;
  qos: 0 | 1;
  clock?: Clock;
  onProgress?: (p: SimProgress) => void;
  progressEveryMs?: number;
}

/**
 * JSON as fast as the broker takes, with generation and serialisation on a worker thread so the
 * main thread only publishes: two cores at work instead of one. Same samples, same order.
 */
export function runThreadedJson(opts: ThreadedOptions): SimulationRun {
  const p = newProgress(opts.scenario.start, opts.scenario.start + opts.scenario.duration);
  const state: RunState = { stopping: false, stopped: false };
  return runHandle(publishRounds(opts, p, state), p, state);
}

async function publishRounds(opts: ThreadedOptions, p: SimProgress, state: RunState): Promise<SimSummary> {
  const clock = opts.clock ?? systemClock;
  const publisher = await JsonPublisher.connect(opts.broker, { maxBatch: opts.maxBatch, qos: opts.qos });
  const rounds = new RoundFeed(opts.scenario, opts.maxBatch);
  const report = throttled(opts.onProgress, opts.progressEveryMs);
  let wallStart = clock.now();
  try {
    let round = await rounds.next();
    // The clock starts once the worker has its first round ready (thread start-up is not publishing).
    wallStart = clock.now();
    for (; round !== null && !state.stopping; round = await rounds.next()) {
      for (const b of round.batches)
        for (const payload of b.payloads) publisher.publishPayload(b.siteId, b.assetId, payload);
      p.samplesPublished += round.samples;
      p.readingsPublished += round.readings;
      p.simTime = round.lastTs;
      p.messagesPublished = publisher.sentMessages();
      p.wallMs = clock.now() - wallStart;
      p.fraction = Math.min(1, (p.simTime - p.startAt) / Math.max(1, p.endAt - p.startAt));
      report(p);
      await publisher.flush(() => state.stopping);
    }
    state.stopped = round !== null;
  } finally {
    await rounds.close();
    await publisher.close();
  }
  if (!state.stopped) Object.assign(p, { simTime: p.endAt, fraction: 1 });
  Object.assign(p, { wallMs: clock.now() - wallStart, done: true });
  opts.onProgress?.({ ...p });
  return { ...p, stopped: state.stopped };
}

/** Pulls encoded rounds from the worker, keeping two in flight so it never waits idle. */
class RoundFeed {
  private readonly worker: Worker;
  private readonly ready: (EncodedRound | null)[] = [];
  private waiting: ((r: EncodedRound | null) => void) | undefined;
  private failure: Error | undefined;

  constructor(scenario: Scenario, maxBatch: number) {
    // Sources run as TypeScript (no build step): the worker registers the TypeScript loader first.
    const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const entry = JSON.stringify(new URL('./json-worker.ts', import.meta.url).href);
    const boot = `import(${loader}).then((tsx) => { tsx.register(); return import(${entry}); });`;
    this.worker = new Worker(boot, { eval: true, workerData: { scenario, roundSize: 20_000, maxBatch } });
    this.worker.on('message', (round: EncodedRound | null) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(round);
      } else this.ready.push(round);
    });
    this.worker.on('error', (err) => {
      this.failure = err;
      this.waiting?.(null);
    });
    this.worker.postMessage('next');
    this.worker.postMessage('next');
  }

  async next(): Promise<EncodedRound | null> {
    if (this.failure) throw this.failure;
    const round =
      this.ready.length > 0
        ? (this.ready.shift() as EncodedRound | null)
        : await new Promise<EncodedRound | null>((r) => {
            this.waiting = r;
          });
    if (this.failure) throw this.failure;
    if (round !== null) this.worker.postMessage('next');
    return round;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
