/** A work-order-worthy alert on one asset: opened after a run of high scores, cleared after a calm run. */
export interface SimAlert {
  assetId: string;
  openedAt: number;
  clearedAt: number | undefined;
}

export interface HysteresisOptions {
  threshold: number;
  /** Consecutive windows at or above the threshold that open an alert. */
  open: number;
  /** Consecutive windows below it that clear the open alert. */
  clear: number;
}

/** Alerts of one asset from its scored windows in time order; at most one is open at a time. */
export function alertsFrom(
  assetId: string,
  scored: readonly { time: number; score: number }[],
  o: HysteresisOptions,
): SimAlert[] {
  const out: SimAlert[] = [];
  let high = 0;
  let low = 0;
  let open: SimAlert | undefined;
  for (const { time, score } of scored) {
    if (score >= o.threshold) {
      high++;
      low = 0;
    } else {
      low++;
      high = 0;
    }
    if (!open && high >= o.open) {
      open = { assetId, openedAt: time, clearedAt: undefined };
      out.push(open);
    } else if (open && low >= o.clear) {
      open.clearedAt = time;
      open = undefined;
    }
  }
  return out;
}
