/**
 * Keeps one event to one alarm: after a score at or above `alarm`, the next `rest` scores are
 * multiplied by `damp`. Scores inside the rest never start a new one.
 */
export class Refractory {
  private since = Number.POSITIVE_INFINITY;

  constructor(
    private readonly alarm: number,
    private readonly rest: number,
    private readonly damp: number,
  ) {}

  apply(score: number): number {
    this.since++;
    if (this.since <= this.rest) return score * this.damp;
    if (score >= this.alarm) this.since = 0;
    return score;
  }

  reset(): void {
    this.since = Number.POSITIVE_INFINITY;
  }
}
