/**
 * An online anomaly detector over one series, driven in event time: `update` sees each point once,
 * in order, and may use only points up to and including it. It returns an anomaly score in [0, 1].
 * Implementations are pure (no I/O, no wall clock) so the edge and the NAB evaluation share them.
 */
export interface OnlineDetector {
  readonly name: string;
  update(time: number, value: number): number;
  reset(): void;
}
