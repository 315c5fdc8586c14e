import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupByUnit, lastWindows, parseCmapss, type RulFeatureSpec } from '@pdm/models/online';
import { describe, expect, it } from 'vitest';
import { parseEdgeConfig, type RulModelConfig } from '../src/config.js';
import { RulHysteresis } from '../src/domain/rul-hysteresis.js';
import { type RulCycle, RulCycleWindow } from '../src/domain/rul-window.js';

const here = dirname(fileURLToPath(import.meta.url));
const card = JSON.parse(
  readFileSync(join(here, '..', '..', 'models', 'artifacts', 'rul-fd001', 'v5', 'card.json'), 'utf8'),
) as { features: RulFeatureSpec };
const spec = card.features;
const cmapss = join(here, '..', '..', '..', 'shared', 'datasets', 'cmapss');
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

/** C-MAPSS row -> readings named as the simulator's replay names them. */
function readingsOf(row: { settings: number[]; sensors: number[] }): Record<string, number> {
  const out: Record<string, number> = {};
  row.settings.forEach((v, k) => {
    out[`op_setting_${k + 1}`] = v;
  });
  row.sensors.forEach((v, k) => {
    out[`sensor_${k + 1}`] = v;
  });
  return out;
}

describe('RUL windows at the edge', () => {
  const units = groupByUnit(parseCmapss(readFileSync(join(cmapss, 'train_FD001.txt'), 'utf8')));
  const unit = units.get(1) ?? [];

  it('builds, cycle by cycle, exactly the window training builds from the whole history', () => {
    const window = new RulCycleWindow({ spec, sensorPrefix: 'sensor_', settings: defaults, minCycles: 1 });
    const cuts = new Set([1, 10, spec.window, 100, unit.length]);
    let checked = 0;
    unit.forEach((row, i) => {
      const got = window.push(T0 + i * HOUR, readingsOf(row));
      if (!cuts.has(i + 1)) return;
      const want = lastWindows(unit.slice(0, i + 1), spec).x;
      expect(got?.x.length).toBe(want.length);
      let worst = 0;
      for (let k = 0; k < want.length; k++)
        worst = Math.max(worst, Math.abs((got?.x[k] as number) - (want[k] as number)));
      expect(worst).toBeLessThan(1e-5);
      expect(got?.cycle).toBe(i + 1);
      checked++;
    });
    expect(checked).toBe(cuts.size);
  });

  it('skips samples missing a reading, waits for minCycles, reports the observed cycle interval', () => {
    const window = new RulCycleWindow({ spec, sensorPrefix: 'sensor_', settings: defaults, minCycles: 5 });
    const { sensor_2: _, ...partial } = readingsOf(unit[0] as never);
    expect(window.push(T0, partial)).toBeUndefined();
    expect(window.cycles).toBe(0);
    let last: RulCycle | undefined;
    for (let i = 0; i < 5; i++) last = window.push(T0 + i * 2 * HOUR, readingsOf(unit[i] as never));
    expect(window.cycles).toBe(5);
    expect(last?.intervalMs).toBe(2 * HOUR);
    expect(last?.since).toBe(T0);
    expect(last?.evidence.sensor_2?.map(([t]) => t)).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i * 2 * HOUR));
  });
});

const defaults = ['op_setting_1', 'op_setting_2', 'op_setting_3'];

function rulModel(extra: Record<string, unknown> = {}): RulModelConfig & { version: string } {
  const cfg = parseEdgeConfig({
    gatewayId: 'gw',
    source: { url: 'mqtt://127.0.0.1:1' },
    models: [
      {
        id: 'rul-engine',
        kind: 'rul',
        path: '/unused',
        horizon: 20,
        consecutive: 2,
        escalate: [{ at: 8, severity: 'critical' }],
        ...extra,
      },
    ],
  });
  return { ...(cfg.models[0] as RulModelConfig), version: 'rul-fd001@v5' };
}

function cycle(i: number, intervalMs = HOUR): RulCycle {
  return { x: new Float32Array(0), cycle: i, since: T0, intervalMs, evidence: { sensor_2: [[T0, 642]] } };
}

describe('RUL predictions to alerts', () => {
  const asset = { siteId: 'fd001', assetId: 'engine-031' };

  it('opens after `consecutive` cycles with p10 under the horizon, escalates as p10 falls, clears above clearAbove', () => {
    const h = new RulHysteresis(rulModel());
    const at = (i: number, p10: number) =>
      h.observe(asset, { time: T0 + i * HOUR, cycle: cycle(i), rul: { p10, p50: p10 + 6, p90: p10 + 12 } });
    expect(at(1, 40)).toBeUndefined();
    expect(at(2, 19)).toBeUndefined();
    const open = at(3, 15);
    expect(open).toMatchObject({
      active: true,
      source: 'rul',
      score: 15,
      threshold: 20,
      severity: 'warning',
    });
    expect(open?.predictedFailureAt).toEqual({
      p10: T0 + 3 * HOUR + 15 * HOUR,
      p50: T0 + 3 * HOUR + 21 * HOUR,
      p90: T0 + 3 * HOUR + 27 * HOUR,
    });
    expect(open?.evidence?.rul_p10?.map(([, v]) => v)).toEqual([40, 19, 15]);
    expect(open?.evidence?.sensor_2).toHaveLength(1);
    expect(at(4, 7)?.severity).toBe('critical');
    expect(at(5, 23)?.active).toBe(true); // above the horizon, under clearAbove (24)
    expect(at(6, 25)?.active).toBe(false);
    expect(at(7, 30)).toBeUndefined();
  });

  it('uses cycleDuration when configured, else the observed interval', () => {
    const configured = new RulHysteresis(rulModel({ consecutive: 1, cycleDuration: '30m' }));
    const s = configured.observe(asset, {
      time: T0,
      cycle: cycle(40, 7 * HOUR),
      rul: { p10: 10, p50: 12, p90: 20 },
    });
    expect(s?.predictedFailureAt?.p50).toBe(T0 + 12 * 1_800_000);
    const observed = new RulHysteresis(rulModel({ consecutive: 1 }));
    const o = observed.observe(asset, {
      time: T0,
      cycle: cycle(40, 7 * HOUR),
      rul: { p10: 10, p50: 12, p90: 20 },
    });
    expect(o?.predictedFailureAt?.p50).toBe(T0 + 12 * 7 * HOUR);
    const unknown = new RulHysteresis(rulModel({ consecutive: 1 }));
    const u = unknown.observe(asset, {
      time: T0,
      cycle: cycle(1, Number.NaN),
      rul: { p10: 10, p50: 12, p90: 20 },
    });
    expect(u?.active).toBe(true);
    expect(u?.predictedFailureAt).toBeUndefined();
  });

  it('rejects a RUL model config with errors naming the field', () => {
    expect(() => rulModel({ clearAbove: 10 })).toThrow(
      /models\.0\.clearAbove: clearAbove must not be below horizon/,
    );
    expect(() => rulModel({ horizon: -1 })).toThrow(/models\.0\.horizon/);
    expect(() => rulModel({ settings: ['a'] })).toThrow(/models\.0\.settings/);
  });
});
