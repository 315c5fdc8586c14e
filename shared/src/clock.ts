/** Time comes from a Clock so that domain code never reads the wall clock itself. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock. Only composition roots should build one. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: for tests and event-time replay. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  set(timeMs: number): void {
    this.current = timeMs;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
