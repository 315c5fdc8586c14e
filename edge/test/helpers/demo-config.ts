import type { z } from 'zod';
import { type EdgeConfig, type EdgeConfigInput, parseEdgeConfig, type RuleSchema } from '../../src/config.js';

/** The quick-demo rule: vib_rms above 7.1 for 10 minutes of event time -> bearing_wear, clears below 6.5. */
export const BEARING_RULE = {
  id: 'vib-sustained',
  kind: 'sustained',
  sensor: 'vib_rms',
  above: 7.1,
  for: '10m',
  clearBelow: 6.5,
  failureMode: 'bearing_wear',
  severity: 'major',
  escalate: [{ at: 9.5, severity: 'critical' }],
} satisfies z.input<typeof RuleSchema>;

export function demoConfig(url: string, extra: Partial<EdgeConfigInput> = {}): EdgeConfig {
  return parseEdgeConfig({
    gatewayId: 'gw-test',
    logLevel: 'silent',
    source: { url },
    storage: { outboxPath: ':memory:' },
    sensors: { vib_rms: { min: 0, max: 100 } },
    rules: [BEARING_RULE],
    uplink: { retryMin: 50, retryMax: 500 },
    ...extra,
  });
}

export const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
export const STEP = 10_000;

/** A quick-demo-like stream: pump-02 wears (vib_rms ramps 3 -> 10, then is repaired at step 330), motor-01 spikes briefly. */
export function demoSamples(steps: number): { topic: string; payload: string; ts: number }[] {
  const out: { topic: string; payload: string; ts: number }[] = [];
  for (let i = 0; i < steps; i++) {
    const ts = T0 + i * STEP;
    const wear = i < 60 ? 3 : i < 300 ? 3 + ((i - 60) / 240) * 7 : i < 330 ? 10 : 3;
    const spike = i % 50 === 25 ? 12 : 2.5;
    for (const [asset, vib] of [
      ['pump-01', 2.8],
      ['pump-02', wear],
      ['motor-01', spike],
      ['fan-01', 3.1],
    ] as const) {
      const payload = JSON.stringify({ ts, seq: i, readings: { vib_rms: vib, temp_c: 40 + (i % 7) * 0.1 } });
      out.push({ topic: `pdm/v1/plant-1/${asset}/telemetry`, payload, ts });
    }
  }
  return out;
}
