import { readFileSync } from 'node:fs';
import { parseTelemetryMessage } from '@pdm/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReplay, runReplay } from '../src/index.js';
import { cmapssData } from '../src/replay/datasets.js';
import { ReplaySpecSchema } from '../src/replay/spec.js';
import { startBroker, subscribe, type TestBroker, waitFor } from './helpers/broker.js';

/** Tests run from the repository root; the datasets live beside it and are read in place. */
const DATA = '../shared/datasets';
const FD001 = `${DATA}/cmapss/train_FD001.txt`;
const IMS = `${DATA}/ims-bearing/merged_dataset_BearingTest_2.csv`;
const NAB = `${DATA}/nab/data/realKnownCause/machine_temperature_system_failure.csv`;

function ordered(ts: number[]): boolean {
  return ts.every((t, i) => i === 0 || t >= (ts[i - 1] as number));
}

describe('replay of real datasets', () => {
  it('C-MAPSS train: each engine an asset, each cycle a sample, failing at its last cycle', () => {
    const data = loadReplay({ kind: 'cmapss', path: FD001, cycleInterval: '1h' });
    expect(data.samples).toHaveLength(20_631);
    expect(data.assets).toHaveLength(100);
    expect(ordered(data.samples.map((g) => g.sample.ts))).toBe(true);
    const first = data.samples.find((g) => g.assetId === 'engine-001')?.sample;
    expect(first?.readings).toMatchObject({ op_setting_1: -0.0007, sensor_2: 641.82, sensor_21: 23.419 });
    const engine1 = data.samples.filter((g) => g.assetId === 'engine-001');
    expect(engine1).toHaveLength(192);
    expect(data.failures.find((f) => f.assetId === 'engine-001')).toMatchObject({
      failureAt: engine1.at(-1)?.sample.ts as number,
      failsInRun: true,
    });
    expect(Object.keys(first?.readings ?? {})).toHaveLength(24);
  });

  it('C-MAPSS test with RUL file: failure lies RUL cycles after the last one', () => {
    const data = loadReplay({
      kind: 'cmapss',
      path: `${DATA}/cmapss/test_FD001.txt`,
      rulPath: `${DATA}/cmapss/RUL_FD001.txt`,
      units: [1, 2],
    });
    const rul1 = Number(readFileSync(`${DATA}/cmapss/RUL_FD001.txt`, 'utf8').split('\n')[0]);
    const last1 = data.samples.filter((g) => g.assetId === 'engine-001').at(-1)?.sample.ts as number;
    expect(data.assets.map((a) => a.assetId)).toEqual(['engine-001', 'engine-002']);
    expect(data.failures[0]).toMatchObject({ failureAt: last1 + rul1 * 3_600_000, failsInRun: false });
  });

  it('C-MAPSS failures carry the fault mode of their subset (NASA readme), read from the file name', () => {
    const fd001 = loadReplay({ kind: 'cmapss', path: FD001 });
    expect(new Set(fd001.failures.map((f) => f.mode))).toEqual(new Set(['hpc_degradation']));
    const fd002 = loadReplay({
      kind: 'cmapss',
      path: `${DATA}/cmapss/test_FD002.txt`,
      rulPath: `${DATA}/cmapss/RUL_FD002.txt`,
      units: [1, 2],
    });
    expect(fd002.failures.map((f) => f.mode)).toEqual(['hpc_degradation', 'hpc_degradation']);
    // FD003/FD004 engines develop HPC or fan degradation and the data does not say which.
    const rows = '1 1 0 0 100 ' + '1 '.repeat(21) + '\n1 2 0 0 100 ' + '1 '.repeat(21);
    const spec = (path: string, subset?: string) =>
      ReplaySpecSchema.parse({ kind: 'cmapss', path, ...(subset ? { subset } : {}) });
    expect(cmapssData(rows, spec('x/train_FD003.txt')).failures[0]?.mode).toBe('hpc_or_fan_degradation');
    expect(cmapssData(rows, spec('x/test_fd004.txt')).failures[0]?.mode).toBe('hpc_or_fan_degradation');
    // an explicit subset wins over the name; a name without one gives the unknown label
    expect(cmapssData(rows, spec('x/train_FD003.txt', 'FD001')).failures[0]?.mode).toBe('hpc_degradation');
    expect(cmapssData(rows, spec('x/engines.txt')).failures[0]?.mode).toBe('degradation');
    expect(() => spec('x/engines.txt', 'FD005')).toThrow(/subset/);
  });

  it('NAB: one series, UTC timestamps, every row', () => {
    const rows = readFileSync(NAB, 'utf8').trim().split('\n').length - 1;
    const data = loadReplay({ kind: 'nab', path: NAB });
    expect(data.samples).toHaveLength(rows);
    expect(data.samples[0]).toMatchObject({
      assetId: 'machine_temperature_system_failure',
      sample: { ts: Date.parse('2013-12-02T21:15:00Z'), seq: 0, readings: { value: 73.96732207 } },
    });
  });

  it('IMS bearing table: four bearings as four assets, bearing 1 failing at the end', () => {
    const data = loadReplay({ kind: 'ims', path: IMS });
    expect(data.assets.map((a) => a.assetId)).toEqual(['bearing_1', 'bearing_2', 'bearing_3', 'bearing_4']);
    expect(data.samples).toHaveLength(984 * 4);
    expect(data.samples[0]?.sample.readings).toEqual({ vib_mean_abs: 0.05833287758191331 });
    expect(data.failures).toEqual([
      expect.objectContaining({
        assetId: 'bearing_1',
        mode: 'bearing_wear',
        failureAt: Date.parse('2004-02-19T06:12:39Z'),
      }),
    ]);
  });

  it('any timestamp,value CSV with a column map', () => {
    const data = loadReplay({
      kind: 'csv',
      path: IMS,
      assetId: 'rig-2',
      timestampColumn: 0,
      columns: { 'Bearing 1': 'b1', 'Bearing 3': 'b3' },
    });
    expect(data.samples).toHaveLength(984);
    expect(Object.keys(data.samples[5]?.sample.readings ?? {})).toEqual(['b1', 'b3']);
    expect(data.assets).toEqual([{ siteId: 'replay', assetId: 'rig-2', sensors: ['b1', 'b3'] }]);
  });

  it.each([
    [{ kind: 'cmapss', path: `${DATA}/nope.txt` }, /path: cannot read/],
    [{ kind: 'tsv', path: NAB }, /kind/],
    [{ kind: 'csv', path: IMS, columns: { 'Bearing 9': 'b9' } }, /columns: "Bearing 9" is not a column/],
    [{ kind: 'csv', path: IMS, timestampColumn: 'when' }, /timestampColumn "when" is not a column/],
    [{ kind: 'csv', path: IMS, siteId: 'bad site' }, /siteId/],
  ])('bad options fail with the field named: %j', (input, message) => {
    expect(() => loadReplay(input as never)).toThrow(message);
  });

  describe('streamed as if a gateway sent it', () => {
    let broker: TestBroker;
    beforeAll(async () => {
      broker = await startBroker();
    });
    afterAll(async () => broker.close());

    it('NAB through the broker: every row arrives in event time', async () => {
      const path = `${DATA}/nab/data/artificialWithAnomaly/art_daily_jumpsup.csv`;
      const sub = await subscribe(broker.url, 'pdm/v1/+/+/telemetry');
      const summary = await runReplay({
        replay: { kind: 'nab', path, siteId: 'lab' },
        brokerUrl: broker.url,
        maxBatch: 100,
      }).done;
      await waitFor(() => sub.messages.length >= summary.messagesPublished, 'all messages');
      await sub.client.endAsync();
      const samples = sub.messages.flatMap((m) => {
        const parsed = parseTelemetryMessage(JSON.parse(m.payload.toString()));
        return parsed.success ? parsed.data : [];
      });
      expect(samples).toHaveLength(readFileSync(path, 'utf8').trim().split('\n').length - 1);
      expect(ordered(samples.map((s) => s.ts))).toBe(true);
      expect(sub.messages[0]?.topic).toBe('pdm/v1/lab/art_daily_jumpsup/telemetry');
    });

    it('C-MAPSS engines as Sparkplug devices', async () => {
      const sub = await subscribe(broker.url, 'spBv1.0/#');
      const summary = await runReplay({
        replay: { kind: 'cmapss', path: FD001, units: [1, 2, 3] },
        brokerUrl: broker.url,
        format: 'sparkplug',
      }).done;
      await waitFor(() => sub.messages.some((m) => m.topic.includes('NDEATH')), 'NDEATH');
      await sub.client.endAsync();
      const births = sub.messages
        .filter((m) => m.topic.includes('/DBIRTH/'))
        .map((m) => m.topic.split('/').at(-1));
      expect(births).toEqual(['engine-001', 'engine-002', 'engine-003']);
      expect(summary.samplesPublished).toBeGreaterThan(400);
    });
  });
});
