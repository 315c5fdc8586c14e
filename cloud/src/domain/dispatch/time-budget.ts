/**
 * The time left of a run's limit. With a clock (monotonic milliseconds, supplied by the caller,
 * e.g. `performance.now`) it counts everything the run does, its own computing included; without
 * one only the solver time charged to it counts.
 */
export class TimeBudget {
  private charged = 0;
  private readonly t0: number;

  constructor(
    readonly limitSec: number,
    private readonly clock: (() => number) | null = null,
  ) {
    this.t0 = clock?.() ?? 0;
  }

  /** Solver seconds charged so far. */
  get solverSec(): number {
    return this.charged;
  }

  charge(seconds: number): void {
    this.charged += seconds;
  }

  left(): number {
    if (this.clock) return this.limitSec - (this.clock() - this.t0) / 1000;
    return this.limitSec - this.charged;
  }
}
