/** One minute of one sensor: min / mean / max and the sample count. */
export interface Rollup {
  siteId: string;
  assetId: string;
  sensor: string;
  /** Start of the minute (event time, ms). */
  minute: number;
  min: number;
  mean: number;
  max: number;
  count: number;
}

const MINUTE_MS = 60_000;

/** The open minute of one sensor; `add` returns the finished minute when a sample starts a new one. */
export class MinuteBucket {
  private minute = Number.NaN;
  private min = 0;
  private max = 0;
  private sum = 0;
  private n = 0;

  constructor(
    private readonly siteId: string,
    private readonly assetId: string,
    private readonly sensor: string,
  ) {}

  add(time: number, value: number): Rollup | undefined {
    const minute = time - (time % MINUTE_MS);
    let done: Rollup | undefined;
    if (minute !== this.minute) {
      done = this.flush();
      this.minute = minute;
    }
    if (this.n === 0) {
      this.min = value;
      this.max = value;
    } else {
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    this.sum += value;
    this.n++;
    return done;
  }

  /** The open minute if it holds samples; the bucket is then empty. */
  flush(): Rollup | undefined {
    if (this.n === 0) return undefined;
    const out: Rollup = {
      siteId: this.siteId,
      assetId: this.assetId,
      sensor: this.sensor,
      minute: this.minute,
      min: this.min,
      mean: this.sum / this.n,
      max: this.max,
      count: this.n,
    };
    this.n = 0;
    this.sum = 0;
    return out;
  }
}
