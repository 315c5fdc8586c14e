// Statistical detectors at the edge (no training): both kinds through the real engine stay quiet on
// a noisy but steady signal and raise one anomaly alert when the machine's behaviour changes.
import { seededRandom } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../src/config.js';
import { BASE, engineWith, series } from './helpers/engine.js';

const MINUTE = 60_000;

/** 1,000 minutes of a noisy steady level, then (if `shift`) the level jumps by 8 spreads. */
function signal(shift: boolean) {
  const noise = seededRandom(7);
  return series(BASE, 1_000, MINUTE, (i) => 4 + (noise() - 0.5) + (shift && i >= 700 ? 4 : 0));
}

const detector = (kind: 'ewma-z' | 'context') => ({
  id: `vib-${kind}`,
  kind,
  sensors: ['vib_rms'],
  failureMode: 'vibration_change',
});

describe.each(['ewma-z', 'context'] as const)('%s detector at the edge', (kind) => {
  it('stays quiet on a steady noisy signal', () => {
    const { feed, alerts } = engineWith({ detectors: [detector(kind)] });
    feed('pump-01', signal(false));
    expect(alerts).toEqual([]);
  });

  it('opens one anomaly alert soon after the level shifts', () => {
    const { feed, alerts } = engineWith({ detectors: [detector(kind)] });
    feed('pump-01', signal(true));
    const opened = alerts.filter((a) => a.state === 'open');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      source: 'anomaly',
      ruleOrModel: `vib-${kind}`,
      failureMode: 'vibration_change',
    });
    const lateMinutes = ((opened[0]?.observedAt ?? 0) - (BASE + 700 * MINUTE)) / MINUTE;
    expect(lateMinutes).toBeGreaterThanOrEqual(0);
    expect(lateMinutes).toBeLessThan(10);
  });
});

describe('detector config', () => {
  const base = { gatewayId: 'gw', source: { url: 'mqtt://127.0.0.1:1' } };
  it('fills alarm levels per kind: a level detector needs a streak, an event detector one score', () => {
    const cfg = parseEdgeConfig({ ...base, detectors: [detector('ewma-z'), detector('context')] });
    expect(cfg.detectors.map((d) => [d.kind, d.openScore, d.clearScore, d.consecutive])).toEqual([
      ['ewma-z', 0.8, 0.5, 3],
      ['context', 0.7, 0.3, 1],
    ]);
    const own = parseEdgeConfig({ ...base, detectors: [{ ...detector('context'), openScore: 0.8 }] });
    expect(own.detectors[0]).toMatchObject({ openScore: 0.8, clearScore: 0.3 });
  });

  it('names the bad context option and why', () => {
    const bad = { ...detector('context'), context: { bins: 0, colour: 'red' } };
    expect(() => parseEdgeConfig({ ...base, detectors: [bad] })).toThrow(/detectors\.0\.context\.bins/);
    expect(() => parseEdgeConfig({ ...base, detectors: [bad] })).toThrow(/colour/);
  });
});
