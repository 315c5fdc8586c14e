import { AlertSchema } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { BEARING_RULE } from './helpers/demo-config.js';
import { BASE, config, engineWith, series } from './helpers/engine.js';

const S = 10_000;
const rules = [BEARING_RULE];

describe('sustained threshold with hysteresis (event time)', () => {
  it('opens exactly when the level has held for the duration, with the window as evidence', () => {
    const { alerts, feed } = engineWith({ rules });
    feed(
      'pump-02',
      series(BASE, 10, S, () => 3),
    );
    feed(
      'pump-02',
      series(BASE + 10 * S, 61, S, () => 7.5),
    );
    expect(alerts).toHaveLength(1);
    const open = AlertSchema.parse(alerts[0]);
    expect(open).toMatchObject({
      state: 'open',
      severity: 'major',
      failureMode: 'bearing_wear',
      score: 7.5,
      threshold: 7.1,
    });
    expect(open.openedAt).toBe(BASE + 70 * S);
    expect(open.evidence.vib_rms?.[0]).toEqual([BASE + 10 * S, 7.5]);
    expect(open.evidence.vib_rms).toHaveLength(61);
  });

  it('does not fire for spikes shorter than the duration', () => {
    const { alerts, feed } = engineWith({ rules });
    feed(
      'motor-01',
      series(BASE, 600, S, (i) => (i % 50 < 5 ? 12 : 2.5)),
    );
    expect(alerts).toEqual([]);
  });

  it('one dip below the level restarts the duration', () => {
    const { alerts, feed } = engineWith({ rules });
    feed(
      'pump-02',
      series(BASE, 59, S, () => 8),
    );
    feed(
      'pump-02',
      series(BASE + 59 * S, 1, S, () => 7.0),
    );
    feed(
      'pump-02',
      series(BASE + 60 * S, 60, S, () => 8),
    );
    expect(alerts).toEqual([]);
    feed(
      'pump-02',
      series(BASE + 120 * S, 1, S, () => 8),
    );
    expect(alerts.map((a) => a.state)).toEqual(['open']);
  });

  it('stays open between the clear level and the open level, clears below it, then cools down', () => {
    const { alerts, feed } = engineWith({ rules, alerts: { cooldown: '30m' } });
    feed(
      'pump-02',
      series(BASE, 61, S, () => 8),
    );
    feed(
      'pump-02',
      series(BASE + 61 * S, 30, S, () => 6.8),
    );
    expect(alerts.map((a) => a.state)).toEqual(['open']);
    feed(
      'pump-02',
      series(BASE + 91 * S, 1, S, () => 6.4),
    );
    expect(alerts.map((a) => a.state)).toEqual(['open', 'cleared']);
    const cleared = alerts[1];
    expect(cleared?.openedAt).toBe(alerts[0]?.openedAt);
    expect(cleared?.observedAt).toBe(BASE + 91 * S);
    // Condition returns at once: within the 30 min cool-down nothing opens, after it one alert does.
    feed(
      'pump-02',
      series(BASE + 92 * S, 100, S, () => 8),
    );
    expect(alerts.map((a) => a.state)).toEqual(['open', 'cleared']);
    feed(
      'pump-02',
      series(BASE + 192 * S, 100, S, () => 8),
    );
    expect(alerts.map((a) => a.state)).toEqual(['open', 'cleared', 'open']);
    expect(alerts[2]?.openedAt).toBeGreaterThanOrEqual(BASE + 91 * S + 30 * 60_000);
  });

  it('escalates severity once as the value worsens and never de-escalates while open', () => {
    const { alerts, feed } = engineWith({ rules });
    feed(
      'pump-02',
      series(BASE, 61, S, () => 8),
    );
    feed(
      'pump-02',
      series(BASE + 61 * S, 5, S, () => 10),
    );
    feed(
      'pump-02',
      series(BASE + 66 * S, 5, S, () => 8),
    );
    feed(
      'pump-02',
      series(BASE + 71 * S, 5, S, () => 10),
    );
    expect(alerts.map((a) => [a.state, a.severity])).toEqual([
      ['open', 'major'],
      ['update', 'critical'],
    ]);
  });

  it('keeps one open alert per asset and failure mode across several rules', () => {
    const second = { ...BEARING_RULE, id: 'vib-fast', for: 0, above: 9 };
    const { alerts, feed } = engineWith({ rules: [BEARING_RULE, second] });
    feed(
      'pump-02',
      series(BASE, 70, S, () => 9.5),
    );
    expect(alerts.map((a) => [a.state, a.ruleOrModel])).toEqual([['open', 'vib-fast']]);
    feed(
      'pump-02',
      series(BASE + 70 * S, 5, S, () => 8),
    );
    expect(alerts).toHaveLength(1);
    feed(
      'pump-02',
      series(BASE + 75 * S, 1, S, () => 6),
    );
    expect(alerts.map((a) => a.state)).toEqual(['open', 'cleared']);
  });

  it('applies rules by asset type, id list and pattern', () => {
    const typed = { ...BEARING_RULE, for: 0, match: { types: ['centrifugal_pump'] } };
    const assets = [
      { id: 'pump-02', type: 'centrifugal_pump' },
      { id: 'motor-01', type: 'induction_motor' },
    ];
    const { alerts, feed } = engineWith({ rules: [typed], assets });
    feed(
      'motor-01',
      series(BASE, 3, S, () => 9),
    );
    feed(
      'pump-02',
      series(BASE, 3, S, () => 9),
    );
    expect(alerts.map((a) => a.assetId)).toEqual(['pump-02']);
    const glob = engineWith({ rules: [{ ...BEARING_RULE, for: 0, match: { pattern: 'mot*' } }] });
    glob.feed(
      'pump-02',
      series(BASE, 3, S, () => 9),
    );
    glob.feed(
      'motor-01',
      series(BASE, 3, S, () => 9),
    );
    expect(glob.alerts.map((a) => a.assetId)).toEqual(['motor-01']);
  });

  it('gives the same alerts whatever the batching (replay at any speed)', () => {
    const points = series(BASE, 400, S, (i) => 3 + Math.max(0, i - 100) * 0.03 - (i > 350 ? 6 : 0));
    const strip = (a: { id: string }) => ({ ...a, id: '' });
    const one = engineWith({ rules });
    one.feed('pump-02', points);
    const many = engineWith({ rules }, 99);
    for (const p of points) many.feed('pump-02', [p]);
    expect(one.alerts.length).toBeGreaterThan(1);
    expect(many.alerts.map(strip)).toEqual(one.alerts.map(strip));
  });
});

describe('rate of change and missing data', () => {
  it('fires when the slope over the window exceeds the limit per minute and clears at half of it', () => {
    const rate = {
      id: 'temp-rise',
      kind: 'rate',
      sensor: 'temp_c',
      window: '5m',
      risePerMinute: 2,
      failureMode: 'overheating',
    } as const;
    const { alerts, feed } = engineWith({ rules: [rate] });
    feed(
      'm1',
      series(BASE, 60, S, () => 40, 'temp_c'),
    );
    expect(alerts).toEqual([]);
    feed(
      'm1',
      series(BASE + 60 * S, 30, S, (i) => 40 + i * 0.5, 'temp_c'),
    );
    expect(alerts.map((a) => a.state)).toEqual(['open']);
    expect(alerts[0]?.score).toBeGreaterThanOrEqual(2);
    feed(
      'm1',
      series(BASE + 90 * S, 60, S, () => 55, 'temp_c'),
    );
    expect(alerts.map((a) => a.state)).toEqual(['open', 'cleared']);
  });

  it('raises missing data in event time when a sensor falls silent while others report', () => {
    const missing = {
      id: 'no-vib',
      kind: 'missing',
      sensor: 'vib_rms',
      after: '5m',
      failureMode: 'sensor_fault',
    } as const;
    const { alerts, feed } = engineWith({ rules: [missing] });
    feed(
      'm1',
      series(BASE, 10, S, (i) => i, 'vib_rms'),
    );
    feed(
      'm1',
      series(BASE + 10 * S, 29, S, () => 40, 'temp_c'),
    );
    expect(alerts).toEqual([]);
    feed(
      'm1',
      series(BASE + 39 * S, 2, S, () => 40, 'temp_c'),
    );
    expect(alerts.map((a) => [a.state, a.failureMode])).toEqual([['open', 'sensor_fault']]);
    feed(
      'm1',
      series(BASE + 45 * S, 1, S, () => 1, 'vib_rms'),
    );
    feed(
      'm1',
      series(BASE + 46 * S, 2, S, () => 40, 'temp_c'),
    );
    expect(alerts.map((a) => a.state)).toEqual(['open', 'cleared']);
  });
});

describe('bad and stale data never raise alerts', () => {
  it('rejects out-of-range, out-of-order and future samples with reasons', () => {
    const { engine, alerts, feed, clock } = engineWith({
      rules: [{ ...BEARING_RULE, for: 0 }],
      sensors: { vib_rms: { min: 0, max: 50 } },
    });
    feed('p', [[BASE, { vib_rms: 99 }]]);
    feed('p', [[BASE + S, { vib_rms: 1 }]]);
    feed('p', [[BASE, { vib_rms: 9 }]]);
    feed('p', [[clock.now() + 3_600_000, { vib_rms: 9 }]]);
    expect(alerts).toEqual([]);
    expect(engine.bad.counts).toMatchObject({ out_of_range: 1, out_of_order: 1, future_timestamp: 1 });
    expect(engine.counters).toMatchObject({ samplesAccepted: 1, readingsRejected: 2 });
  });

  it('ignores samples of a stale asset and forgets pending durations', () => {
    const { engine, alerts, feed } = engineWith({ rules });
    feed(
      'p',
      series(BASE, 50, S, () => 8),
    );
    engine.setStale({ siteId: 'site-a', assetId: 'p' }, true, 'death certificate');
    feed(
      'p',
      series(BASE + 50 * S, 50, S, () => 8),
    );
    expect(engine.bad.counts.stale).toBe(1);
    engine.setStale({ siteId: 'site-a', assetId: 'p' }, false, '');
    feed(
      'p',
      series(BASE + 100 * S, 20, S, () => 8),
    );
    expect(alerts).toEqual([]);
  });
});

describe('hot reload', () => {
  it('keeps windows and pending durations of unchanged rules, applies new thresholds', () => {
    const { engine, alerts, feed } = engineWith({ rules });
    feed(
      'p',
      series(BASE, 40, S, () => 8),
    );
    engine.reload(
      config({ rules: [BEARING_RULE, { ...BEARING_RULE, id: 'low', above: 5, clearBelow: 4, for: '1m' }] }),
    );
    feed(
      'p',
      series(BASE + 40 * S, 21, S, () => 8),
    );
    // `low` is new: it starts at the reload; `vib-sustained` kept its 40 samples and fires at 60.
    expect(alerts.map((a) => [a.state, a.ruleOrModel, a.openedAt])).toEqual([['open', 'low', BASE + 46 * S]]);
    // `vib-sustained` is active too, so removing `low` keeps the alert open; removing both clears it.
    engine.reload(config({ rules: [BEARING_RULE] }));
    expect(alerts.map((a) => a.state)).toEqual(['open']);
    engine.reload(config({ rules: [] }));
    expect(alerts.map((a) => a.state)).toEqual(['open', 'cleared']);
    expect(alerts[1]?.message).toContain('removed');
  });
});
