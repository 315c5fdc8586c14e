import { z } from 'zod';
import { binOf, ContextCounts } from './context-counts.js';
import type { OnlineDetector } from './detector.js';
import { Refractory } from './refractory.js';
import { SlidingRange } from './sliding-range.js';

const count = (min: number) => z.number().int().min(min);

/** Options of the context detector; every field is optional and checked when a detector is made. */
export const ContextOptionsSchema = z
  .object({
    /** Equal-width levels over the range of the recent values (plus one below and one above). */
    bins: count(1).max(64),
    /** Longest context: the newest symbol and up to this many before it. */
    orders: count(0).max(6),
    /** Values kept (0: all history): the range is theirs, counts are rebuilt from them when it moves. */
    window: count(0),
    /** Rebuild when an end of the range moves by more than this fraction of its width. */
    tolerance: z.number().min(0),
    /** Exponent of the Good-Turing weight of novelty per order (0: every order weighs 1). */
    power: z.number().min(0),
    /** Smoothing of the running novelty rate that is subtracted from the novelty (0: none). */
    rateAlpha: z.number().min(0).max(1),
    /** Rows before any score is emitted. */
    warmup: count(0),
    /** Refractory: after a score >= alarm, the next `rest` scores are multiplied by `damp`. */
    alarm: z.number().min(0).max(1),
    rest: count(0),
    damp: z.number().min(0).max(1),
  })
  .partial()
  .strict();
export type ContextOptions = z.infer<typeof ContextOptionsSchema>;

/** Chosen on the NAB corpus (models/README.md gives the ablations and their neighbours). */
export const CONTEXT_DEFAULTS: Required<ContextOptions> = {
  bins: 5,
  orders: 3,
  window: 2000,
  tolerance: 0.05,
  power: 2,
  rateAlpha: 0.05,
  warmup: 150,
  alarm: 0.5,
  rest: 50,
  damp: 0.3,
};

/** Validated options with the defaults filled in; throws naming every bad field and why. */
export function contextOptions(opts: unknown = {}): Required<ContextOptions> {
  const r = ContextOptionsSchema.safeParse(opts);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid context detector options: ${issues.join('; ')}`);
  }
  return { ...CONTEXT_DEFAULTS, ...r.data };
}

/**
 * Novelty of one stream's recent context, less its own running rate: the levels of the values in
 * the range of the last `window` values, contexts counted, counts rebuilt when the range moves.
 */
export class ContextNovelty {
  private readonly counts: ContextCounts;
  private readonly symbols: Int32Array;
  private readonly recent: SlidingRange | undefined;
  private len = 0;
  private n = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private rate = 0;
  rebuilds = 0;

  constructor(private readonly o: Required<ContextOptions>) {
    this.counts = new ContextCounts(o.orders, o.bins + 2, o.power);
    this.symbols = new Int32Array(o.orders + 1);
    this.recent = o.window > 0 ? new SlidingRange(o.window) : undefined;
  }

  update(value: number): number {
    if (this.recent && this.recent.count > 0) this.follow(this.recent);
    const symbol = this.n === 0 ? 0 : binOf(value, this.lo, this.hi, this.o.bins);
    this.push(symbol);
    const novelty = this.counts.observe(this.symbols, this.len);
    const out = Math.max(0, novelty - this.rate);
    this.rate += this.o.rateAlpha * (novelty - this.rate);
    this.recent?.push(value);
    this.n++;
    if (!this.recent || this.n === 1) {
      this.lo = Math.min(this.lo, value);
      this.hi = Math.max(this.hi, value);
    }
    return out;
  }

  private push(symbol: number): void {
    if (this.len === this.symbols.length) this.symbols.copyWithin(0, 1);
    else this.len++;
    this.symbols[this.len - 1] = symbol;
  }

  /** Windowed range: rebuild the levels and counts from the kept values when the range has moved. */
  private follow(recent: SlidingRange): void {
    const lo = recent.min;
    const hi = recent.max;
    const slack = this.o.tolerance * Math.max(hi - lo, this.hi - this.lo);
    if (Math.abs(lo - this.lo) <= slack && Math.abs(hi - this.hi) <= slack) return;
    this.rebuilds++;
    this.lo = lo;
    this.hi = hi;
    this.counts.clear();
    this.len = 0;
    for (let t = recent.first; t < this.n; t++) {
      this.push(binOf(recent.at(t), lo, hi, this.o.bins));
      this.counts.observe(this.symbols, this.len);
    }
  }

  reset(): void {
    this.counts.clear();
    this.recent?.reset();
    this.len = this.n = this.rate = this.rebuilds = 0;
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = Number.NEGATIVE_INFINITY;
  }
}

/**
 * Contextual novelty detector. Each value becomes a symbol: its level among `bins` equal-width
 * levels of the range of the last `window` values (plus a level below and one above it). Every
 * context (the symbol with the 0 .. orders symbols before it) is counted; a context never seen
 * before is novel. Novelty is weighted per order by how rarely contexts of that order are new
 * (Good-Turing), averaged over orders, and its own running rate is subtracted, so a stream that keeps
 * producing new contexts (noise, a young model) stays low and a familiar one that suddenly does not
 * scores high. When the range of the window moves by more than `tolerance` of its width, the levels
 * and counts are rebuilt from the kept values, so an old extreme stops coarsening the levels once it
 * has left the window. After a score at or above `alarm`, scores are damped for `rest` rows, so one
 * event alarms once. Memory is bounded: `window` values and at most sum_k (bins + 2)^(k+1) counts.
 */
export class ContextDetector implements OnlineDetector {
  readonly name = 'context';
  private readonly o: Required<ContextOptions>;
  private readonly novelty: ContextNovelty;
  private readonly refractory: Refractory;
  private n = 0;

  constructor(opts: ContextOptions = {}) {
    this.o = contextOptions(opts);
    this.novelty = new ContextNovelty(this.o);
    this.refractory = new Refractory(this.o.alarm, this.o.rest, this.o.damp);
  }

  /** How many times the levels and counts were rebuilt since the last reset. */
  get rebuilds(): number {
    return this.novelty.rebuilds;
  }

  update(_time: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    const raw = this.novelty.update(value);
    this.n++;
    if (this.n <= this.o.warmup) return 0;
    return this.refractory.apply(raw);
  }

  reset(): void {
    this.novelty.reset();
    this.refractory.reset();
    this.n = 0;
  }
}
