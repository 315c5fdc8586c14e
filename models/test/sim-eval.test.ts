import { describe, expect, it } from 'vitest';
import type { SimTruth } from '../src/datasets/sim.js';
import { BaselineDetector } from '../src/detectors/baseline.js';
import { alertsFrom } from '../src/eval/alerting.js';
import { alarmsOf } from '../src/eval/lead-time.js';
import { countDuplicates, scoreSimAlerts } from '../src/eval/sim-metrics.js';
import { AssetWindowAccumulator, quantile } from '../src/features/asset-windows.js';

const H = 3_600_000;

describe('asset windows', () => {
  it('emit mean and std per sensor per tumbling window and drop incomplete ones', () => {
    const acc = new AssetWindowAccumulator(['a', 'b'], 60);
    const out = [
      acc.push(0, { a: 1, b: 10 }),
      acc.push(30_000, { a: 3, b: 10 }),
      acc.push(60_000, { a: 5, b: 1 }),
      acc.push(90_000, { a: 5, b: null }),
      acc.push(120_000, { a: 0, b: 0 }),
    ].filter((w) => w !== undefined);
    expect(out).toEqual([{ start: 0, vector: [2, 1, 10, 0] }]);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});

describe('alert hysteresis and fleet metrics', () => {
  it('opens after N high windows, clears after M calm ones, never twice at once', () => {
    const s = [0.1, 0.6, 0.7, 0.8, 0.2, 0.9, 0.1, 0.1, 0.1, 0.8, 0.8, 0.8].map((score, i) => ({
      time: i * H,
      score,
    }));
    const alerts = alertsFrom('p1', s, { threshold: 0.5, open: 3, clear: 3 });
    expect(alerts).toEqual([
      { assetId: 'p1', openedAt: 3 * H, clearedAt: 8 * H },
      { assetId: 'p1', openedAt: 11 * H, clearedAt: undefined },
    ]);
    expect(countDuplicates(alerts)).toBe(0);
    expect(countDuplicates([...alerts, { assetId: 'p1', openedAt: 4 * H, clearedAt: 5 * H }])).toBe(1);
  });

  it('counts lead times, false alerts per asset-month against ground truth', () => {
    const day = 24 * H;
    const truth: SimTruth = {
      startAt: 0,
      endAt: 30 * day,
      assets: [
        { siteId: 's', assetId: 'a', assetType: 'fan', failureAt: 20 * day, failureMode: 'imbalance' },
        { siteId: 's', assetId: 'b', assetType: 'fan', failureAt: 25 * day, failureMode: 'bearing_wear' },
      ],
      faults: [
        { assetId: 'a', mode: 'imbalance', onsetAt: 10 * day, failureAt: 20 * day, failsInRun: true },
        { assetId: 'b', mode: 'bearing_wear', onsetAt: 15 * day, failureAt: 25 * day, failsInRun: true },
      ],
      sensorFaults: [{ assetId: 'b', sensor: 'vib_rms', startAt: 2 * day, endAt: 3 * day }],
    };
    const o = scoreSimAlerts(truth, [
      { assetId: 'a', openedAt: 16 * day, clearedAt: undefined },
      { assetId: 'b', openedAt: 2.5 * day, clearedAt: 2.6 * day },
      { assetId: 'b', openedAt: 5 * day, clearedAt: 6 * day },
    ]);
    expect(o).toMatchObject({ failures: 2, detectedBeforeFailure: 1, shareDetected: 0.5, falseAlerts: 2 });
    expect(o.leadHoursMedian).toBe(96);
    expect(o.falseDuringSensorFault).toBe(1);
    expect(o.falsePerAssetMonth).toBe(1);
  });

  it('reports the first alarm and its hours before the end', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i < 250 ? 1 + 0.01 * Math.sin(i) : 2));
    const times = values.map((_, i) => i * H);
    const s = alarmsOf({ times, values }, new BaselineDetector({ learn: 100, alpha: 1 }), {
      threshold: 0.8,
      end: 299 * H,
    });
    expect(s.firstAlarm).toBe(250 * H);
    expect(s.hoursBeforeEnd).toBe(49);
    expect(s.alarms).toBe(50);
  });
});
