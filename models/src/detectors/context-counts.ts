/**
 * Symbol of a value on `bins` equal-width levels of [lo, hi]: 0 .. bins-1 inside, `bins` below lo,
 * `bins + 1` above hi. A flat range (hi <= lo) puts every value equal to it on level 0.
 */
export function binOf(x: number, lo: number, hi: number, bins: number): number {
  if (x < lo) return bins;
  if (x > hi) return bins + 1;
  if (hi <= lo) return 0;
  return Math.min(bins - 1, Math.floor(((x - lo) / (hi - lo)) * bins));
}

/**
 * Counts of contexts: for every order k = 0 .. orders, the newest symbol together with the k symbols
 * before it. `observe` returns how novel the newest symbol is in its contexts: the mean over orders
 * of [this context was never seen], each weighted by (1 - singletons / observations)^power, the
 * Good-Turing chance that a context of that order is not new. At an order where almost every
 * context is new (noise, a young model) novelty carries little weight; where contexts repeat, a new
 * one is news. With power 0 every order weighs 1.
 */
export class ContextCounts {
  private readonly counts = new Map<number, number>();
  private readonly seen: Float64Array;
  private readonly singles: Float64Array;

  constructor(
    readonly orders: number,
    readonly alphabet: number,
    private readonly power: number,
  ) {
    if (!(alphabet ** (orders + 1) * (orders + 1) < 2 ** 53))
      throw new Error(`context keys overflow: alphabet ${alphabet}, orders ${orders}`);
    this.seen = new Float64Array(orders + 1);
    this.singles = new Float64Array(orders + 1);
  }

  /** `history[len - 1]` is the newest symbol; up to `orders` symbols before it form the contexts. */
  observe(history: ArrayLike<number>, len: number): number {
    const top = Math.min(this.orders, len - 1);
    let key = 0;
    let scale = 1;
    let novelty = 0;
    for (let k = 0; k <= top; k++) {
      key += (history[len - 1 - k] as number) * scale;
      scale *= this.alphabet;
      const full = key * (this.orders + 1) + k;
      const c = this.counts.get(full) ?? 0;
      if (c === 0) novelty += this.weight(k);
      this.counts.set(full, c + 1);
      this.seen[k] = (this.seen[k] as number) + 1;
      if (c === 0) this.singles[k] = (this.singles[k] as number) + 1;
      else if (c === 1) this.singles[k] = (this.singles[k] as number) - 1;
    }
    return novelty / (top + 1);
  }

  /** Good-Turing weight of novelty at order k, before the current observation. */
  weight(k: number): number {
    if (this.power === 0) return 1;
    const seen = this.seen[k] as number;
    if (seen === 0) return 0;
    return (1 - (this.singles[k] as number) / seen) ** this.power;
  }

  /** How many times the context of order `len - 1` ending at the newest symbol was seen. */
  count(history: ArrayLike<number>, len: number): number {
    let key = 0;
    let scale = 1;
    for (let k = 0; k < len; k++) {
      key += (history[len - 1 - k] as number) * scale;
      scale *= this.alphabet;
    }
    return this.counts.get(key * (this.orders + 1) + len - 1) ?? 0;
  }

  clear(): void {
    this.counts.clear();
    this.seen.fill(0);
    this.singles.fill(0);
  }
}
