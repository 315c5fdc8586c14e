import { describe, expect, it } from 'vitest';
import { nextVersion } from '../src/cli/retrain.js';
import { parseLabelLines, recalibrateThreshold } from '../src/feedback/labels.js';

const label = (score: number, confirmed: boolean, i: number) =>
  JSON.stringify({
    alertId: `a${i}`,
    ruleOrModel: 'anomaly-fan',
    version: 'v1',
    assetId: `fan-${i}`,
    failureMode: 'imbalance',
    confirmed,
    closedAt: '2026-02-01T12:00:00Z',
    score,
  });

describe('close-out labels', () => {
  it('parses good lines and names the bad ones', () => {
    const text = [label(0.6, true, 1), '{"alertId":"x"}', 'not json', label(0.7, false, 2)].join('\n');
    const { labels, errors } = parseLabelLines(text);
    expect(labels.map((l) => l.alertId)).toEqual(['a1', 'a2']);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^line 2: .*confirmed/);
    expect(errors[1]).toBe('line 3: not JSON');
  });

  it('raises the threshold until precision reaches the target without losing confirmed failures', () => {
    const pairs: [number, boolean][] = [
      [0.51, false],
      [0.53, false],
      [0.55, true],
      [0.6, false],
      [0.7, true],
      [0.9, true],
    ];
    const { labels } = parseLabelLines(pairs.map(([s, c], i) => label(s, c, i)).join('\n'));
    const r = recalibrateThreshold(labels, { current: 0.5, targetPrecision: 0.75, maxConfirmedLost: 0 });
    expect(r.before).toMatchObject({ alerts: 6, confirmed: 3, precision: 0.5 });
    // 0.55 keeps 4 alerts (3 confirmed) = 0.75 and loses none
    expect(r.after).toMatchObject({ threshold: 0.55, alerts: 4, confirmed: 3, precision: 0.75 });
    expect(r.confirmedLost).toBe(0);
    const strict = recalibrateThreshold(labels, { current: 0.5, targetPrecision: 1, maxConfirmedLost: 0 });
    expect(strict.after.confirmed).toBe(3);
  });

  it('numbers new versions after the highest existing one', () => {
    expect(nextVersion(['v1', 'v10', 'v2'])).toBe('v11');
    expect(nextVersion([])).toBe('v1');
  });
});
