/**
 * A fixed-capacity ring of (time, value) pairs in arrival order. Pushing into a full ring
 * overwrites the oldest pair and returns it so running statistics can remove it.
 */
export class TimeValueRing {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Append; if full, the evicted oldest pair is returned. */
  push(time: number, value: number): { time: number; value: number } | undefined {
    let evicted: { time: number; value: number } | undefined;
    const tail = (this.head + this.size) % this.capacity;
    if (this.size === this.capacity) {
      evicted = { time: this.times[this.head] as number, value: this.values[this.head] as number };
      this.head = (this.head + 1) % this.capacity;
    } else {
      this.size++;
    }
    this.times[tail] = time;
    this.values[tail] = value;
    return evicted;
  }

  oldestTime(): number | undefined {
    return this.size === 0 ? undefined : this.times[this.head];
  }

  oldestValue(): number | undefined {
    return this.size === 0 ? undefined : this.values[this.head];
  }

  /** Remove the oldest pair without returning it (no allocation on hot paths). */
  dropOldest(): void {
    if (this.size === 0) return;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
  }

  newestTime(): number | undefined {
    return this.size === 0 ? undefined : this.times[(this.head + this.size - 1) % this.capacity];
  }

  /** Remove and return the oldest pair. */
  shift(): { time: number; value: number } | undefined {
    if (this.size === 0) return undefined;
    const out = { time: this.times[this.head] as number, value: this.values[this.head] as number };
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return out;
  }

  /** Copy out in time order (oldest first). */
  toArrays(): { times: Float64Array; values: Float64Array } {
    const times = new Float64Array(this.size);
    const values = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const j = (this.head + i) % this.capacity;
      times[i] = this.times[j] as number;
      values[i] = this.values[j] as number;
    }
    return { times, values };
  }

  /** The last `n` pairs (or fewer), oldest first. */
  lastPoints(n: number): [number, number][] {
    const count = Math.min(n, this.size);
    const out: [number, number][] = [];
    for (let i = this.size - count; i < this.size; i++) {
      const j = (this.head + i) % this.capacity;
      out.push([this.times[j] as number, this.values[j] as number]);
    }
    return out;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}
