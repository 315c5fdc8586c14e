import { beforeAll, describe, expect, it } from 'vitest';
import type { SimTruth } from '../src/datasets/sim.js';
import { simCloseOutLabels } from '../src/eval/sim-labels.js';
import type { AssetWindow } from '../src/features/asset-windows.js';
import { scaleVector } from '../src/features/asset-windows.js';
import { labelPrecision, windowsBehind, wouldOpen } from '../src/feedback/alert-windows.js';
import { parseLabelLines } from '../src/feedback/labels.js';
import { selectBackend } from '../src/runtime/backend.js';
import { DEFAULT_AUTOENCODER, reconstructionErrors, trainAutoencoder } from '../src/train/anomaly.js';
import { fineTuneAutoencoder } from '../src/train/fine-tune.js';
import { seededRandom } from '../src/train/random.js';

const H = 3_600_000;
/** A healthy regime the training data never showed: the first signal around 5 standard deviations. */
const SHIFT = 5;
const W = 600_000;

/** Windows of three latent signals seen twice each; `shift` moves the first, `broken` flips a copy. */
function windows(n: number, seed: number, o: { shift?: number; broken?: boolean } = {}): AssetWindow[] {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(1e-12, random()))) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: n }, (_, i) => {
    const a = gauss() * (o.shift ? 0.3 : 1) + (o.shift ?? 0);
    const b = gauss();
    const c = gauss();
    const e = () => 0.05 * gauss();
    return {
      start: i * W,
      vector: [a + e(), (o.broken ? -a : a) + e(), b + e(), (o.broken ? -b : b) + e(), c + e(), c + e()],
    };
  });
}

describe('retrain by fine-tuning on false alarms', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('labels carry the alert time range as ISO or epoch ms; windowsBehind picks the windows in it', () => {
    const line = JSON.stringify({
      alertId: 'a',
      ruleOrModel: 'anomaly-fan',
      version: 'v1',
      assetId: 'fan-1',
      failureMode: 'no_fault_found',
      confirmed: false,
      closedAt: '2026-03-01T03:00:00Z',
      openedAt: '1970-01-01T02:00:00Z',
      observedAt: 3 * H,
    });
    const { labels, errors } = parseLabelLines(
      `${line}\n${line.replace('"1970-01-01T02:00:00Z"', '"soon"')}`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^line 2: openedAt/);
    const label = labels[0] as (typeof labels)[number];
    expect([label.openedAt, label.observedAt]).toEqual([2 * H, 3 * H]);
    const ws = Array.from({ length: 30 }, (_, i) => ({ start: i * W, vector: [i] }));
    const picked = windowsBehind(label, ws, { windowSeconds: 600, lookbackMs: H });
    // windows ending after 01:00 and starting at or before 03:00
    expect(picked.map((w) => w.vector[0])).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(windowsBehind({}, ws, { windowSeconds: 600, lookbackMs: H })).toEqual([]);
  });

  it('wouldOpen needs N consecutive scores at the threshold; labelPrecision counts kept alerts', () => {
    expect(wouldOpen([0.6, 0.6, 0.4, 0.6, 0.6, 0.6], 0.5, 3)).toBe(true);
    expect(wouldOpen([0.6, 0.6, 0.4, 0.6, 0.6], 0.5, 3)).toBe(false);
    const ls = [{ confirmed: true }, { confirmed: false }, { confirmed: false }];
    expect(labelPrecision(ls)).toEqual({ alerts: 3, confirmed: 1, precision: 1 / 3 });
    expect(labelPrecision(ls, [true, false, true])).toEqual({ alerts: 2, confirmed: 1, precision: 0.5 });
  });

  it('close-out labels from simulator truth: confirmed while a fault develops, false alarm otherwise', () => {
    const truth: SimTruth = {
      startAt: 0,
      endAt: 100 * H,
      assets: [
        {
          siteId: 's',
          assetId: 'p1',
          assetType: 'centrifugal_pump',
          failureAt: 90 * H,
          failureMode: 'bearing_wear',
        },
      ],
      faults: [{ assetId: 'p1', mode: 'bearing_wear', onsetAt: 50 * H, failureAt: 90 * H, failsInRun: true }],
      sensorFaults: [],
    };
    const alerts = [
      { assetId: 'p1', openedAt: 10 * H, clearedAt: 12 * H },
      { assetId: 'p1', openedAt: 60 * H, clearedAt: undefined },
      { assetId: 'other', openedAt: 60 * H, clearedAt: undefined },
    ];
    const labels = simCloseOutLabels(truth, alerts, (id) =>
      id === 'p1' ? { name: 'anomaly-centrifugal-pump', version: 'v1' } : undefined,
    );
    expect(labels.map((l) => [l.confirmed, l.failureMode, l.openedAt, l.observedAt])).toEqual([
      [false, 'no_fault_found', 10 * H, 12 * H],
      [true, 'bearing_wear', 60 * H, 100 * H],
    ]);
  });

  it('a tiny autoencoder stops alarming on a false-alarm regime after fine-tuning, and still alarms on a fault', async () => {
    const cfg = {
      ...DEFAULT_AUTOENCODER,
      hidden: 8,
      bottleneck: 3,
      epochs: 60,
      batchSize: 64,
      learningRate: 0.01,
    };
    const trained = await trainAutoencoder({ train: windows(1500, 1), heldOut: windows(500, 2) }, cfg);
    const rate = (ws: AssetWindow[], threshold: number) => {
      const e = reconstructionErrors(
        trained.model,
        ws.map((w) => scaleVector(w.vector, trained.scaler)),
      );
      return e.filter((x) => x >= threshold).length / e.length;
    };
    const falseAlarms = windows(60, 3, { shift: SHIFT });
    const laterSameRegime = windows(200, 4, { shift: SHIFT });
    const fault = windows(200, 5, { broken: true });
    const healthy = windows(500, 8);
    const before = [
      rate(laterSameRegime, trained.threshold),
      rate(fault, trained.threshold),
      rate(healthy, trained.threshold),
    ];
    const r = await fineTuneAutoencoder(
      trained.model,
      trained.scaler,
      { healthy: windows(1500, 6), heldOut: windows(500, 7), falseAlarms },
      {
        epochs: 10,
        batchSize: 64,
        learningRate: 0.005,
        falseAlarmShare: 0.2,
        quantile: 0.999,
        margin: 1.2,
        seed: 3,
      },
    );
    const after = [rate(laterSameRegime, r.threshold), rate(fault, r.threshold), rate(healthy, r.threshold)];
    // before: the new regime alarms almost always, the fault mostly, healthy windows never
    expect(before[0]).toBeGreaterThan(0.8);
    expect(before[1]).toBeGreaterThan(0.5);
    expect(before[2]).toBeLessThan(0.01);
    // after: the regime is learnt (on windows it never saw), the fault still alarms
    expect(after[0]).toBeLessThan(0.1);
    expect(after[1]).toBeGreaterThan(0.5);
    expect(after[2]).toBeLessThan(0.01);
    expect(r.metrics.falseAlarmErrorMedianAfter).toBeLessThan(
      (r.metrics.falseAlarmErrorMedianBefore as number) / 4,
    );
    expect(r.metrics.heldOutAlarmRate).toBeLessThan(0.01);
  });
});
