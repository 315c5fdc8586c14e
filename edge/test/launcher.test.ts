import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { waitFor } from './helpers/wait.js';

const here = dirname(fileURLToPath(import.meta.url));
const launcher = join(here, '..', 'bin', 'pdm-edge.mjs');
const artifact = join(here, '..', '..', 'models', 'artifacts', 'anomaly-centrifugal-pump', 'v1');

/** pino's JSON lines from the child, parsed. */
function collectLogs(child: ChildProcess): Record<string, unknown>[] {
  const logs: Record<string, unknown>[] = [];
  let rest = '';
  child.stdout?.on('data', (d) => {
    const lines = (rest + d).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line));
  });
  return logs;
}

describe('pdm-edge launcher (bin/pdm-edge.mjs: bundled, plain Node, its own memory flags)', () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  it('runs the agent with a tfjs model: ingests telemetry, serves metrics, stops cleanly and removes its bundle', async () => {
    const broker: EmbeddedBroker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const dir = mkdtempSync(join(tmpdir(), 'pdm-launcher-'));
    const config = {
      gatewayId: 'gw-launcher',
      source: { url: broker.url },
      storage: { dataDir: dir },
      metrics: { port: 0 },
      assets: [{ id: 'pump-01', type: 'centrifugal_pump' }],
      models: [{ id: 'ae-pump', path: artifact }],
      rules: [{ id: 'hot', kind: 'threshold', sensor: 'temp', above: 90, failureMode: 'overheat' }],
    };
    writeFileSync(join(dir, 'edge.json'), JSON.stringify(config));
    // Executed through its first line, as the `pdm-edge` bin is; TMPDIR shows where the bundle goes.
    const child = spawn(launcher, ['--config', join(dir, 'edge.json')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TMPDIR: dir, PDM_TF_BACKEND: 'wasm' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    cleanup.push(() => child.exitCode === null && child.kill('SIGKILL'));
    const logs = collectLogs(child);
    const started = await waitFor(() => logs.find((l) => l.msg === 'edge agent started'), 'start', 30_000);
    // The same process (the shell line execs Node), with the launcher's memory settings.
    const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    expect(argv).toContain('--max-semi-space-size=2');
    expect(argv).toContain('--heap-growing-percent=25');
    expect(readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    expect(logs.find((l) => l.msg === 'tfjs backend selected')?.backend).toBe('wasm');
    const bundles = () => readdirSync(dir).some((f) => f.startsWith('pdm-edge-'));
    expect(bundles()).toBe(true);

    const device = await mqtt.connectAsync(broker.url, { clientId: 'device' });
    for (let i = 0; i < 5; i++) {
      const payload = JSON.stringify({ ts: Date.now() - 60_000 + i * 1000, readings: { temp: 20 + i } });
      await device.publishAsync('pdm/v1/plant-1/pump-01/telemetry', payload, { qos: 1 });
    }
    await device.endAsync();
    const metricsUrl = started.metrics as string;
    await waitFor(async () => {
      const text = await (await fetch(`${metricsUrl}/metrics`)).text();
      return /pdm_edge_readings_total 5\b/.test(text);
    }, 'five readings counted');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs.some((l) => l.msg === 'stopping')).toBe(true);
    expect(bundles()).toBe(false);
  }, 60_000);
});
