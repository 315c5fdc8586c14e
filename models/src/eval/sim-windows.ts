import type { SimSample } from '../datasets/sim.js';
import { type AssetWindow, AssetWindowAccumulator } from '../features/asset-windows.js';

export interface AssetSeries {
  assetId: string;
  assetType: string;
  sensors: string[];
  windows: AssetWindow[];
}

/**
 * Builds per-asset window features from a stream of simulator samples. An asset's sensors are the
 * reading keys of its first sample, sorted, unless its type is given in `sensorsByType`.
 */
export class SimWindowCollector {
  private readonly assets = new Map<string, { acc: AssetWindowAccumulator; series: AssetSeries }>();
  private readonly types: Map<string, string>;

  constructor(
    truth: { assets: readonly { assetId: string; assetType: string }[] },
    private readonly opts: { windowSeconds: number; sensorsByType?: Record<string, string[]> },
  ) {
    this.types = new Map(truth.assets.map((a) => [a.assetId, a.assetType]));
  }

  push(s: SimSample): void {
    let entry = this.assets.get(s.assetId);
    if (!entry) {
      const assetType = this.types.get(s.assetId) ?? 'unknown';
      const sensors = this.opts.sensorsByType?.[assetType] ?? Object.keys(s.readings).sort();
      entry = {
        acc: new AssetWindowAccumulator(sensors, this.opts.windowSeconds),
        series: { assetId: s.assetId, assetType, sensors, windows: [] },
      };
      this.assets.set(s.assetId, entry);
    }
    const w = entry.acc.push(s.ts, s.readings);
    if (w) entry.series.windows.push(w);
  }

  series(): AssetSeries[] {
    return [...this.assets.values()].map((e) => e.series).sort((a, b) => a.assetId.localeCompare(b.assetId));
  }
}
