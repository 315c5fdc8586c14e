import type { TelemetrySample } from '@pdm/shared';
import { SimulatedAsset } from './devices/asset.js';
import { planScenario, type ScenarioPlan } from './physics/plan.js';
import type { Scenario } from './scenarios/schema.js';

export interface GeneratedSample {
  siteId: string;
  assetId: string;
  sample: TelemetrySample;
}

export interface GenerateOptions {
  /** Stop before this event time (epoch ms); the scenario's end by default. */
  until?: number;
  /** A plan already made by `planScenario` for this scenario (saves planning twice). */
  plan?: ScenarioPlan;
}

/**
 * Every sample of the scenario in event-time order (ties in asset order). Pure: the same
 * scenario gives the same samples, whatever the clock or machine.
 */
export function* generateSamples(scenario: Scenario, opts: GenerateOptions = {}): Generator<GeneratedSample> {
  const plan = opts.plan ?? planScenario(scenario);
  const end = Math.min(plan.endAt, opts.until ?? Number.POSITIVE_INFINITY);
  const assets = plan.assets.map((a) => new SimulatedAsset(a, scenario.seed, plan.startAt));
  const seqs = new Array<number>(assets.length).fill(0);
  const queue = new TimeQueue();
  for (let i = 0; i < assets.length; i++) queue.push(plan.startAt, i);
  while (queue.size > 0) {
    const t = queue.topTime();
    if (t >= end) return;
    const i = queue.popAndPush((assets[queue.topId()] as SimulatedAsset).nextSampleAfter(t));
    const asset = assets[i] as SimulatedAsset;
    const readings = asset.sampleAt(t);
    if (readings === null) continue;
    const seq = seqs[i] as number;
    seqs[i] = seq + 1;
    yield { siteId: asset.plan.siteId, assetId: asset.plan.assetId, sample: { ts: t, seq, readings } };
  }
}

interface Entry {
  time: number;
  id: number;
}

function before(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.id < b.id);
}

/** A binary min-heap of (time, index), ties broken by index, so the order is total and stable. */
class TimeQueue {
  private readonly heap: Entry[] = [];

  get size(): number {
    return this.heap.length;
  }

  topTime(): number {
    return (this.heap[0] as Entry).time;
  }

  topId(): number {
    return (this.heap[0] as Entry).id;
  }

  /** Moves the earliest entry to `time` (re-using it) and returns its id. */
  popAndPush(time: number): number {
    const heap = this.heap;
    const top = heap[0] as Entry;
    top.time = time;
    const n = heap.length;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap[child + 1] as Entry, heap[child] as Entry)) child++;
      const c = heap[child] as Entry;
      if (!before(c, top)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = top;
    return top.id;
  }

  push(time: number, id: number): void {
    const heap = this.heap;
    const entry = { time, id };
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Entry;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }
}
