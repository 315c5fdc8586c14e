import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { loadEdgeConfig } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'pdm-edge-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const MINIMAL = `
gatewayId: gw-1
source: { url: mqtt://broker:1883, username: edge, password: secret }
uplink: { url: mqtts://cloud:8883, username: gw-1, password: token }
storage: { dataDir: /var/lib/pdm-edge }
rules:
  - id: vib-sustained
    kind: sustained
    match: { types: [centrifugal_pump] }
    sensor: vib_rms
    above: 7.1
    for: 10m
    clearBelow: 6.5
    failureMode: bearing_wear
    severity: major
`;

describe('edge config', () => {
  it('reads the documented YAML with durations and defaults', () => {
    const c = loadEdgeConfig(file('ok.yaml', MINIMAL), {});
    expect(c.rules[0]).toMatchObject({
      kind: 'sustained',
      for: 600_000,
      above: 7.1,
      clearBelow: 6.5,
      feature: 'value',
    });
    expect(c.uplink).toMatchObject({ url: 'mqtts://cloud:8883', retryMin: 500, inflight: 32 });
    expect(c.alerts.cooldown).toBe(300_000);
    expect(c.features).toEqual({ window: 600_000, capacity: 128 });
  });

  it('reads JSON too', () => {
    const c = loadEdgeConfig(
      file('ok.json', JSON.stringify({ gatewayId: 'gw-2', source: { url: 'mqtt://x:1' } })),
      {},
    );
    expect(c.gatewayId).toBe('gw-2');
    expect(c.storage.dataDir).toBe('./.pdm-data');
  });

  it('names the path and the problem of every error', () => {
    const bad = MINIMAL.replace('above: 7.1', 'above: "high"')
      .replace('for: 10m', 'for: ten minutes')
      .replace('mqtt://broker:1883', 'http://broker');
    let error: unknown;
    try {
      loadEdgeConfig(file('bad.yaml', `${bad}\nsurprise: 1\n`), {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).message;
    expect(message).toContain('bad.yaml');
    expect(message).toContain('source.url: must be an mqtt://');
    expect(message).toContain('rules.0.above');
    expect(message).toContain('rules.0.for');
    expect(message).toMatch(/\(root\): .*surprise/);
  });

  it('checks rule levels against each other', () => {
    const bad = MINIMAL.replace('clearBelow: 6.5', 'clearBelow: 8');
    expect(() => loadEdgeConfig(file('levels.yaml', bad), {})).toThrow(
      'rules.0.clearBelow: clearBelow must not exceed above',
    );
  });

  it('applies PDM_EDGE_* overrides and rejects unknown or malformed ones', () => {
    const path = file('env.yaml', MINIMAL);
    const c = loadEdgeConfig(path, {
      PDM_EDGE_SOURCE_PASSWORD: 'from-env',
      PDM_EDGE_METRICS_PORT: '9100',
      PDM_EDGE_OUTBOX_PATH: ':memory:',
      PDM_EDGE_CONFIG: path,
      OTHER: 'ignored',
    });
    expect(c.source.password).toBe('from-env');
    expect(c.metrics).toEqual({ host: '127.0.0.1', port: 9100 });
    expect(c.storage.outboxPath).toBe(':memory:');
    expect(() => loadEdgeConfig(path, { PDM_EDGE_SOURCE_PASWORD: 'x' })).toThrow(
      /unknown environment variable PDM_EDGE_SOURCE_PASWORD/,
    );
    expect(() => loadEdgeConfig(path, { PDM_EDGE_METRICS_PORT: 'abc' })).toThrow(
      'PDM_EDGE_METRICS_PORT must be a number',
    );
  });

  it('reports unreadable and unparsable files clearly', () => {
    expect(() => loadEdgeConfig(join(dir, 'missing.yaml'), {})).toThrow(/cannot read edge config/);
    expect(() => loadEdgeConfig(file('broken.yaml', 'a: [1,'), {})).toThrow(/not valid YAML/);
    expect(() => loadEdgeConfig(file('list.yaml', '- 1'), {})).toThrow(/mapping at the top level/);
  });
});
