/**
 * Running moments over a sliding window with O(1) add and remove: count, mean, variance, RMS,
 * skewness, kurtosis, and the least-squares slope against time. Sums are kept around a shift
 * (the first value seen) so that large offsets such as 1e6 + small noise stay accurate.
 */
export class RunningMoments {
  private n = 0;
  private shift = 0;
  private timeShift = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private s4 = 0;
  private raw2 = 0;
  private t1 = 0;
  private t2 = 0;
  private tv = 0;

  get count(): number {
    return this.n;
  }

  add(value: number, time = 0): void {
    if (this.n === 0) {
      this.shift = value;
      this.timeShift = time;
    }
    this.update(value, time, 1);
  }

  remove(value: number, time = 0): void {
    this.update(value, time, -1);
    if (this.n === 0) this.reset();
  }

  reset(): void {
    this.n = 0;
    this.s1 = this.s2 = this.s3 = this.s4 = this.raw2 = this.t1 = this.t2 = this.tv = 0;
  }

  private update(value: number, time: number, sign: 1 | -1): void {
    const d = value - this.shift;
    const t = time - this.timeShift;
    const d2 = d * d;
    this.n += sign;
    this.s1 += sign * d;
    this.s2 += sign * d2;
    this.s3 += sign * d2 * d;
    this.s4 += sign * d2 * d2;
    this.raw2 += sign * value * value;
    this.t1 += sign * t;
    this.t2 += sign * t * t;
    this.tv += sign * t * d;
  }

  mean(): number {
    return this.n === 0 ? Number.NaN : this.shift + this.s1 / this.n;
  }

  /** Population variance. */
  variance(): number {
    if (this.n === 0) return Number.NaN;
    const m = this.s1 / this.n;
    return Math.max(0, this.s2 / this.n - m * m);
  }

  std(): number {
    return Math.sqrt(this.variance());
  }

  rms(): number {
    return this.n === 0 ? Number.NaN : Math.sqrt(Math.max(0, this.raw2 / this.n));
  }

  /** Central fourth moment over variance squared; 3 for a normal distribution, 0 when flat. */
  kurtosis(): number {
    if (this.n === 0) return Number.NaN;
    const { m2, m4 } = this.central();
    return m2 <= 1e-300 ? 0 : m4 / (m2 * m2);
  }

  skewness(): number {
    if (this.n === 0) return Number.NaN;
    const { m2, m3 } = this.central();
    return m2 <= 1e-300 ? 0 : m3 / m2 ** 1.5;
  }

  /** Least-squares slope of value against time, in value units per time unit. */
  slope(): number {
    if (this.n < 2) return 0;
    const n = this.n;
    const denom = n * this.t2 - this.t1 * this.t1;
    if (Math.abs(denom) < 1e-12) return 0;
    return (n * this.tv - this.t1 * this.s1) / denom;
  }

  private central(): { m2: number; m3: number; m4: number } {
    const n = this.n;
    const m = this.s1 / n;
    const e2 = this.s2 / n;
    const e3 = this.s3 / n;
    const e4 = this.s4 / n;
    const m2 = Math.max(0, e2 - m * m);
    const m3 = e3 - 3 * m * e2 + 2 * m ** 3;
    const m4 = e4 - 4 * m * e3 + 6 * m * m * e2 - 3 * m ** 4;
    return { m2, m3, m4: Math.max(0, m4) };
  }
}
