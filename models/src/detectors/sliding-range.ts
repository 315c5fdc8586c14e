/**
 * Minimum and maximum of the last `size` values pushed, in O(1) amortised per push (two monotonic
 * queues of positions; a position leaves when it falls out of the window or is dominated).
 */
export class SlidingRange {
  private readonly values: Float64Array;
  private readonly minQ: Float64Array;
  private readonly maxQ: Float64Array;
  private minHead = 0;
  private minTail = 0;
  private maxHead = 0;
  private maxTail = 0;
  private n = 0;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new Error(`window size must be an integer >= 1, got ${size}`);
    this.values = new Float64Array(size);
    // Each queue holds at most `size` positions; one spare slot tells full from empty.
    this.minQ = new Float64Array(size + 1);
    this.maxQ = new Float64Array(size + 1);
  }

  get count(): number {
    return Math.min(this.n, this.size);
  }

  get min(): number {
    return this.n === 0 ? Number.NaN : this.at(this.minQ[this.minHead] as number);
  }

  get max(): number {
    return this.n === 0 ? Number.NaN : this.at(this.maxQ[this.maxHead] as number);
  }

  /** The value at absolute position `pos` (it must still be in the window). */
  at(pos: number): number {
    return this.values[pos % this.size] as number;
  }

  /** Absolute position of the oldest value in the window. */
  get first(): number {
    return this.n - this.count;
  }

  push(x: number): void {
    const pos = this.n++;
    this.values[pos % this.size] = x;
    const oldest = this.n - this.size;
    const cap = this.size + 1;
    while (this.minHead !== this.minTail && (this.minQ[this.minHead] as number) < oldest)
      this.minHead = (this.minHead + 1) % cap;
    while (this.maxHead !== this.maxTail && (this.maxQ[this.maxHead] as number) < oldest)
      this.maxHead = (this.maxHead + 1) % cap;
    while (this.minHead !== this.minTail && this.at(this.minQ[(this.minTail + cap - 1) % cap] as number) >= x)
      this.minTail = (this.minTail + cap - 1) % cap;
    while (this.maxHead !== this.maxTail && this.at(this.maxQ[(this.maxTail + cap - 1) % cap] as number) <= x)
      this.maxTail = (this.maxTail + cap - 1) % cap;
    this.minQ[this.minTail] = pos;
    this.minTail = (this.minTail + 1) % cap;
    this.maxQ[this.maxTail] = pos;
    this.maxTail = (this.maxTail + 1) % cap;
  }

  reset(): void {
    this.n = this.minHead = this.minTail = this.maxHead = this.maxTail = 0;
  }
}
