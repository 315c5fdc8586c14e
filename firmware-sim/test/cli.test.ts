import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnMap, parseCli } from '../src/cli/args.js';
import {
  generateSamples,
  groundTruthCsv,
  groundTruthJson,
  groundTruthOf,
  loadScenario,
} from '../src/index.js';
import { decodeSparkplug } from '../src/publish/sparkplug.js';
import { startBroker, subscribe, type TestBroker, waitFor } from './helpers/broker.js';

const dir = mkdtempSync(join(tmpdir(), 'pdm-sim-cli-'));

/** Runs `pdm-sim` as a user would (tsx on the sources), from the repository root. */
function pdmSim(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'firmware-sim/src/main.ts', ...args], {
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tiny = {
  name: 'tiny',
  seed: 3,
  start: '2026-01-05T06:00:00Z',
  duration: '20m',
  sites: [
    {
      id: 'lab',
      location: { lat: 1, lon: 1 },
      assets: [
        { id: 'pump-1', type: 'centrifugal_pump' },
        { id: 'fan-1', type: 'fan' },
      ],
    },
  ],
};

describe('pdm-sim command line', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => broker.close());

  it('rejects a bad scenario file with exit code 2, naming the file and the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ ...tiny, sites: [{ ...tiny.sites[0], assets: [{ id: 'x', type: 'kettle' }] }] }),
    );
    const { code, stderr } = await pdmSim(['--scenario', bad]);
    expect(code).toBe(2);
    expect(stderr).toContain(`scenario file ${bad}: sites.0.assets.0.type`);
  });

  it.each([
    [['--format', 'xml'], 'format'],
    [['--speed', 'fast'], 'speed: must be a positive number or "max"'],
    [['--replay', 'nab'], 'path: required with --replay'],
    [['--broker', 'localhost'], 'broker: must be a URL'],
    [['--max-batch', '0'], 'max-batch'],
    [['--colour', 'red'], "Unknown option '--colour'"],
    [['--replay', 'cmapss', '--path', 'x.txt', '--subset', 'FD9'], 'subset'],
  ])('rejects %j naming the option', (args, message) => {
    expect(() => parseCli(args)).toThrow(message);
  });

  it('reads the options it documents', () => {
    expect(parseCli(['--speed', 'max', '--format', 'sparkplug', '--qos', '1'])).toMatchObject({
      speed: Number.POSITIVE_INFINITY,
      format: 'sparkplug',
      qos: 1,
      scenario: 'quick-demo',
    });
    expect(columnMap('Bearing 1=b1,Bearing 2=b2')).toEqual({ 'Bearing 1': 'b1', 'Bearing 2': 'b2' });
    expect(parseCli([])).toMatchObject({ 'metric-names': false, threads: false });
    expect(parseCli(['--format', 'sparkplug', '--metric-names', '--threads'])).toMatchObject({
      'metric-names': true,
      threads: true,
    });
  });

  it('--out writes NDJSON samples with the ground truth beside them', async () => {
    const out = join(dir, 'two-sites.ndjson');
    const { code, stderr } = await pdmSim([
      '--scenario',
      'firmware-sim/scenarios/two-sites.yaml',
      '--out',
      out,
      '--quiet',
    ]);
    expect(code, stderr).toBe(0);
    const scenario = loadScenario('firmware-sim/scenarios/two-sites.yaml');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const expected = [...generateSamples(scenario)];
    expect(lines).toHaveLength(expected.length);
    expect(JSON.parse(lines[7] as string)).toEqual({
      siteId: expected[7]?.siteId,
      assetId: expected[7]?.assetId,
      ...expected[7]?.sample,
    });
    const stem = join(dir, 'two-sites');
    const truth = groundTruthOf(scenario);
    expect(readFileSync(`${stem}.ground-truth.json`, 'utf8')).toBe(groundTruthJson(truth));
    expect(readFileSync(`${stem}.ground-truth.csv`, 'utf8')).toBe(groundTruthCsv(truth));
    expect(existsSync(`${stem}.sensor-faults.csv`)).toBe(true);
  });

  it("--replay cmapss --out writes the ground truth with the subset's fault mode", async () => {
    const out = join(dir, 'fd001.ndjson');
    const path = '../shared/datasets/cmapss/train_FD001.txt';
    const { code, stderr } = await pdmSim(['--replay', 'cmapss', '--path', path, '--out', out, '--quiet']);
    expect(code, stderr).toBe(0);
    const truth = JSON.parse(readFileSync(join(dir, 'fd001.ground-truth.json'), 'utf8'));
    expect(truth.failures).toHaveLength(100);
    expect(new Set(truth.failures.map((f: { mode: string }) => f.mode))).toEqual(
      new Set(['hpc_degradation']),
    );
    expect(parseCli(['--replay', 'cmapss', '--path', path, '--subset', 'FD004']).subset).toBe('FD004');
  });

  it('publishes Sparkplug B to a broker as fast as it takes, with a progress line', async () => {
    const file = join(dir, 'tiny.json');
    writeFileSync(file, JSON.stringify(tiny));
    const sub = await subscribe(broker.url, 'spBv1.0/#');
    const { code, stderr } = await pdmSim([
      '--scenario',
      file,
      '--broker',
      broker.url,
      '--speed',
      'max',
      '--format',
      'sparkplug',
      '--metric-names',
    ]);
    expect(code, stderr).toBe(0);
    await waitFor(() => sub.messages.some((m) => m.topic === 'spBv1.0/lab/NDEATH/lab-gw'), 'NDEATH');
    await sub.client.endAsync();
    expect(stderr).toMatch(/\[pdm-sim\] 2026-01-05T06:20:00Z 100% \| 240 samples .* done/);
    expect(sub.messages.filter((m) => m.topic.includes('/DBIRTH/'))).toHaveLength(2);
    // --metric-names: DDATA metrics carry their names and no aliases
    const ddata = sub.messages
      .filter((m) => m.topic.includes('/DDATA/'))
      .map((m) => decodeSparkplug(m.payload));
    const metrics = ddata.flatMap((p) => p.metrics ?? []);
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.every((m) => typeof m.name === 'string' && m.alias === undefined)).toBe(true);
  });
});
