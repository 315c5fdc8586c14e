import type { SampleEvaluator } from './evaluators.js';
import { MinuteBucket } from './rollup.js';
import { SensorSeries } from './sensor-series.js';

/** Everything the engine keeps for one sensor of one asset. */
export class SensorState {
  readonly series: SensorSeries;
  readonly bucket: MinuteBucket;
  evaluators: SampleEvaluator[] = [];
  /** Rule-table generation the evaluators and `range` were resolved for. */
  generation = -1;
  /** Valid range of this sensor's readings (config `sensors` or `defaultLimits`). */
  range: { readonly min: number; readonly max: number } = { min: -Infinity, max: Infinity };

  constructor(
    asset: { readonly siteId: string; readonly assetId: string },
    readonly sensor: string,
    window: { capacity: number; windowMs: number },
  ) {
    this.series = new SensorSeries(window.capacity, window.windowMs);
    this.bucket = new MinuteBucket(asset.siteId, asset.assetId, sensor);
  }
}

/** Everything the engine keeps for one asset. */
export class AssetState {
  readonly sensors = new Map<string, SensorState>();
  /** Set by Sparkplug death certificates and sequence gaps; stale samples are not used. */
  stale = false;
  staleReason = '';
  firstSeen = Number.NaN;
  lastSeq = -1;

  constructor(
    readonly siteId: string,
    readonly assetId: string,
    public type: string | undefined,
  ) {}

  /** Forget every window and pending condition; open alerts stay until fresh data clears them. */
  resetWindows(): void {
    for (const s of this.sensors.values()) {
      s.series.clear();
      for (const e of s.evaluators) e.reset();
    }
  }
}
