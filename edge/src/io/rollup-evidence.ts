import { type Alert, IdSchema, MAX_EVIDENCE_POINTS, MAX_EVIDENCE_SENSORS } from '@pdm/shared';
import type { EdgeStore } from './edge-store.js';

const MINUTE_MS = 60_000;

/**
 * The alert with a longer history added to its evidence: for each sensor already in it, the means
 * of the last `minutes` stored 1-minute rollups up to the alert's minute, as `<sensor>_1m`. Sensors
 * whose key would not be a valid id, or beyond the evidence's sensor limit, are left out; minutes
 * still in memory (the open minute, the write buffer of about a second) are not there yet.
 */
export function withRollupHistory(alert: Alert, store: EdgeStore, minutes: number): Alert {
  if (minutes <= 0) return alert;
  const sensors = Object.keys(alert.evidence).filter((s) => IdSchema.safeParse(`${s}_1m`).success);
  if (sensors.length === 0) return alert;
  const to = alert.observedAt - (alert.observedAt % MINUTE_MS);
  const from = to - (Math.min(minutes, MAX_EVIDENCE_POINTS) - 1) * MINUTE_MS;
  const history = store.rollupMeans(alert, sensors, from, to);
  const evidence = { ...alert.evidence };
  for (const sensor of sensors) {
    const points = history.get(sensor);
    if (!points || points.length === 0) continue;
    if (Object.keys(evidence).length >= MAX_EVIDENCE_SENSORS) break;
    evidence[`${sensor}_1m`] = points;
  }
  return { ...alert, evidence };
}
