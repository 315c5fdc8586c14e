import { parseTopic } from '@pdm/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSamples, runSimulation } from '../src/index.js';
import { planScenario } from '../src/physics/plan.js';
import { sparkplugPlan } from '../src/publish/run.js';
import { decodeSparkplug, encodeSparkplug } from '../src/publish/sparkplug.js';
import { runThreadedSparkplug } from '../src/publish/threaded-sparkplug.js';
import { type Received, startBroker, subscribe, type TestBroker, waitFor } from './helpers/broker.js';
import { scenarioWith } from './helpers/series.js';

interface Msg {
  type: string;
  deviceId: string | undefined;
  seq: number | undefined;
  timestamp: number;
  metrics: {
    name: string;
    /** The name as sent (undefined when the metric came by alias only). */
    sentName: string | undefined;
    alias: number | undefined;
    value: unknown;
    timestamp: number | undefined;
  }[];
}

const num = (v: unknown): number => (typeof v === 'number' ? v : (v as { toNumber(): number }).toNumber());
const opt = (v: unknown): number | undefined => (v === undefined || v === null ? undefined : num(v));

/** Decodes messages in order as a consumer would: aliases resolve through the device's last DBIRTH. */
function decoder(): (m: Received) => Msg {
  const aliases = new Map<string, Map<number, string>>();
  return (m) => {
    const parsed = parseTopic(m.topic);
    if (!parsed.ok || parsed.topic.kind !== 'sparkplug') throw new Error(`not a sparkplug topic: ${m.topic}`);
    const { type, deviceId } = parsed.topic;
    const p = decodeSparkplug(m.payload);
    const known = type === 'DBIRTH' ? new Map<number, string>() : (aliases.get(deviceId ?? '') ?? new Map());
    if (type === 'DBIRTH') aliases.set(deviceId ?? '', known);
    const metrics = (p.metrics ?? []).map((x) => {
      const alias = opt(x.alias);
      if (type === 'DBIRTH' && alias !== undefined && x.name) known.set(alias, x.name);
      return {
        name: x.name ?? (alias === undefined ? '' : (known.get(alias) ?? `unknown alias ${alias}`)),
        sentName: x.name ?? undefined,
        alias,
        value: x.value === null ? null : x.type === 'Int64' ? num(x.value) : x.value,
        timestamp: opt(x.timestamp),
      };
    });
    return { type, deviceId, seq: opt(p.seq), timestamp: num(p.timestamp), metrics };
  };
}

const decodeAll = (received: Received[]): Msg[] => received.map(decoder());

const bdSeqOf = (m: Msg): number => m.metrics.find((x) => x.name === 'bdSeq')?.value as number;

/** Two hours of three machines; motor fails (stops reporting) after 80 minutes. */
const scenario = scenarioWith(
  [
    { id: 'pump-a', type: 'centrifugal_pump' },
    {
      id: 'motor-b',
      type: 'induction_motor',
      faults: [{ mode: 'overheating', onset: '20m', timeToFailure: '1h' }],
    },
    {
      id: 'fan-c',
      type: 'fan',
      sensorFaults: [{ sensor: 'airflow', kind: 'dropout', at: '10m', duration: '5m' }],
    },
  ],
  { duration: '2h', sampleInterval: '30s' },
);

describe('Sparkplug B through a real aedes broker', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => broker.close());

  it('births, data, device death and node death decode back to the generated samples, seq 0-255', async () => {
    const sub = await subscribe(broker.url, 'spBv1.0/#');
    const run = runSimulation({
      scenario,
      brokerUrl: broker.url,
      format: 'sparkplug',
      speed: Number.POSITIVE_INFINITY,
      maxBatch: 1,
    });
    const summary = await run.done;
    await waitFor(() => sub.messages.some((m) => m.topic.includes('/NDEATH/')), 'NDEATH');
    await sub.client.endAsync();
    const msgs = decodeAll(sub.messages);

    const first = msgs[0] as Msg;
    expect(first.type).toBe('NBIRTH');
    expect(first.seq).toBe(0);
    expect(bdSeqOf(first)).toBe(0);
    expect(first.metrics.find((m) => m.name === 'Node Control/Rebirth')?.value).toBe(false);
    const last = msgs.at(-1) as Msg;
    expect(last.type).toBe('NDEATH');
    expect(last.seq).toBeUndefined();
    expect(bdSeqOf(last)).toBe(0);

    // seq runs over every message but NDEATH, wrapping after 255
    const seqs = msgs.slice(0, -1).map((m) => m.seq as number);
    expect(seqs.length).toBeGreaterThan(300);
    expect(seqs).toEqual(seqs.map((_, i) => i % 256));

    // each device is born before its data, with every sensor it has
    for (const assetId of ['pump-a', 'motor-b', 'fan-c']) {
      const own = msgs.filter((m) => m.deviceId === assetId);
      expect(own[0]?.type, assetId).toBe('DBIRTH');
      expect(own.slice(1).every((m) => m.type === 'DDATA' || m.type === 'DDEATH')).toBe(true);
    }
    expect(
      msgs.find((m) => m.deviceId === 'fan-c' && m.type === 'DBIRTH')?.metrics.map((m) => m.name),
    ).toContain('airflow');

    // the metrics are exactly the generated samples
    const expected = [...generateSamples(scenario)];
    for (const assetId of ['pump-a', 'motor-b', 'fan-c']) {
      const got = msgs
        .filter((m) => m.deviceId === assetId && (m.type === 'DBIRTH' || m.type === 'DDATA'))
        .map((m) =>
          Object.fromEntries(m.metrics.filter((x) => x.value !== null).map((x) => [x.name, x.value])),
        );
      const want = expected.filter((g) => g.assetId === assetId).map((g) => g.sample.readings);
      expect(got, assetId).toEqual(want);
    }
    const ddata = msgs.find((m) => m.type === 'DDATA') as Msg;
    expect(ddata.metrics.every((x) => x.timestamp === ddata.timestamp)).toBe(true);

    // DBIRTH gives every metric its name and an alias unique across the node; DDATA sends aliases only
    const birthAliases = msgs
      .filter((m) => m.type === 'DBIRTH')
      .flatMap((m) => m.metrics.map((x) => [x.sentName, x.alias]));
    expect(birthAliases.every(([name, alias]) => name !== undefined && alias !== undefined)).toBe(true);
    expect(new Set(birthAliases.map(([, alias]) => alias)).size).toBe(birthAliases.length);
    const data = msgs.filter((m) => m.type === 'DDATA').flatMap((m) => m.metrics);
    expect(data.every((x) => x.sentName === undefined && x.alias !== undefined)).toBe(true);

    // the failed motor gets a DDEATH and nothing after it
    const motor = msgs.filter((m) => m.deviceId === 'motor-b');
    expect(motor.at(-1)?.type).toBe('DDEATH');
    expect(motor.filter((m) => m.type === 'DDEATH')).toHaveLength(1);
    expect(summary.samplesPublished).toBe(expected.length);
    expect(msgs).toHaveLength(summary.messagesPublished);
    expect(msgs.filter((m) => m.type === 'NDEATH')).toHaveLength(1);
  });

  it("several samples per DDATA keep each metric's own timestamp; with aliases off metrics go by name", async () => {
    for (const sparkplugAliases of [true, false]) {
      const sub = await subscribe(broker.url, 'spBv1.0/#');
      const summary = await runSimulation({
        scenario,
        brokerUrl: broker.url,
        format: 'sparkplug',
        speed: Number.POSITIVE_INFINITY,
        sparkplugAliases,
      }).done;
      await waitFor(() => sub.messages.some((m) => m.topic.includes('/NDEATH/')), 'NDEATH');
      await sub.client.endAsync();
      const msgs = decodeAll(sub.messages);
      expect(msgs).toHaveLength(summary.messagesPublished);
      const data = msgs.filter((m) => m.type === 'DDATA');
      expect(data.some((m) => new Set(m.metrics.map((x) => x.timestamp)).size > 1)).toBe(true);
      expect(
        data.flatMap((m) => m.metrics).every((x) => (x.sentName !== undefined) !== sparkplugAliases),
      ).toBe(true);
      const expected = [...generateSamples(scenario)];
      for (const assetId of ['pump-a', 'motor-b', 'fan-c']) {
        const byTs = new Map<number, Record<string, unknown>>();
        for (const m of msgs.filter((x) => x.deviceId === assetId && x.type !== 'DDEATH'))
          for (const x of m.metrics.filter((y) => y.value !== null)) {
            const ts = x.timestamp as number;
            byTs.set(ts, { ...byTs.get(ts), [x.name]: x.value });
          }
        const want = expected
          .filter((g) => g.assetId === assetId)
          .map((g) => [g.sample.ts, g.sample.readings]);
        expect([...byTs], `${assetId}, aliases ${sparkplugAliases}`).toEqual(want);
      }
      const seqs = msgs.slice(0, -1).map((m) => m.seq as number);
      expect(seqs).toEqual(seqs.map((_, i) => i % 256));
    }
  });

  it('threads: DDATA encoded on a worker thread gives exactly the same messages, byte for byte', async () => {
    // A day of four machines at 10 s (34,560 samples: two rounds, chunks of maxBatch), a motor
    // that fails (DDEATH), a dropout, and per-sensor rates.
    const busy = scenarioWith(
      [
        { id: 'pump-a', type: 'centrifugal_pump', sensorIntervals: { vib_rms: '5s', bearing_temp: '1m' } },
        {
          id: 'motor-b',
          type: 'induction_motor',
          faults: [{ mode: 'overheating', onset: '2h', timeToFailure: '6h' }],
        },
        {
          id: 'fan-c',
          type: 'fan',
          sensorFaults: [{ sensor: 'airflow', kind: 'dropout', at: 0, duration: '5m' }],
        },
        { id: 'comp-d', type: 'air_compressor' },
      ],
      { duration: '1d', sampleInterval: '10s' },
    );
    const record = async (threads: boolean) => {
      const sub = await subscribe(broker.url, 'spBv1.0/#');
      const { stops, sparkplug } = sparkplugPlan(busy, planScenario(busy), true);
      const options = { brokerUrl: broker.url, speed: Number.POSITIVE_INFINITY, maxBatch: 300 };
      const run = threads
        ? runThreadedSparkplug({ scenario: busy, broker: options, layout: sparkplug, maxBatch: 300, stops })
        : runSimulation({ scenario: busy, format: 'sparkplug', ...options });
      const summary = await run.done;
      await waitFor(() => sub.messages.some((m) => m.topic.includes('/NDEATH/')), 'NDEATH');
      await sub.client.endAsync();
      return { summary, messages: sub.messages };
    };
    const single = await record(false);
    const threaded = await record(true);
    expect(threaded.messages.length).toBe(single.messages.length);
    expect(threaded.messages.map((m) => m.topic)).toEqual(single.messages.map((m) => m.topic));
    const differing = threaded.messages.filter(
      (m, i) => !m.payload.equals(single.messages[i]?.payload as Buffer),
    );
    expect(differing).toHaveLength(0);
    expect(threaded.summary).toMatchObject({
      samplesPublished: single.summary.samplesPublished,
      messagesPublished: single.summary.messagesPublished,
      done: true,
      stopped: false,
    });
    expect(single.messages.filter((m) => m.topic.includes('/DDEATH/'))).toHaveLength(1);
    expect(single.summary.samplesPublished).toBeGreaterThan(20_000);
  });

  it('NDEATH is the MQTT will: a dropped connection publishes it, the reconnect births with the next bdSeq', async () => {
    const sub = await subscribe(broker.url, 'spBv1.0/#');
    const slow = { ...scenario, duration: 24 * 3_600_000 };
    const run = runSimulation({ scenario: slow, brokerUrl: broker.url, format: 'sparkplug', speed: 3_000 });
    const types = () => decodeAll(sub.messages);
    await waitFor(() => types().some((m) => m.type === 'DDATA'), 'first DDATA');
    const clientId = 'site-t-site-t-gw';
    const conn = (broker.broker as unknown as { clients: Record<string, { conn: { destroy(): void } }> })
      .clients[clientId];
    expect(conn).toBeDefined();
    conn?.conn.destroy();
    await waitFor(
      () => types().filter((m) => m.type === 'NBIRTH').length === 2,
      'rebirth after reconnect',
      15_000,
    );
    await run.stop();
    await waitFor(() => types().filter((m) => m.type === 'NDEATH').length === 2, 'final NDEATH');
    await sub.client.endAsync();
    const msgs = types();
    const deaths = msgs.filter((m) => m.type === 'NDEATH');
    const births = msgs.filter((m) => m.type === 'NBIRTH');
    expect(deaths.map(bdSeqOf)).toEqual([0, 1]);
    expect(births.map(bdSeqOf)).toEqual([0, 1]);
    expect(births.map((b) => b.seq)).toEqual([0, 0]);
    const afterRebirth = msgs.slice(msgs.indexOf(births[1] as Msg));
    expect(afterRebirth.filter((m) => m.type === 'DBIRTH').length).toBeGreaterThanOrEqual(2);
  });

  it('answers a Node Control/Rebirth command with a new NBIRTH (seq 0, same bdSeq)', async () => {
    const sub = await subscribe(broker.url, 'spBv1.0/#');
    const slow = { ...scenario, duration: 24 * 3_600_000 };
    const run = runSimulation({ scenario: slow, brokerUrl: broker.url, format: 'sparkplug', speed: 3_000 });
    await waitFor(() => sub.messages.some((m) => m.topic.includes('/DDATA/')), 'first DDATA');
    const cmd = encodeSparkplug({
      timestamp: Date.now(),
      metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
    });
    await sub.client.publishAsync('spBv1.0/site-t/NCMD/site-t-gw', Buffer.from(cmd));
    await waitFor(() => sub.messages.filter((m) => m.topic.includes('/NBIRTH/')).length === 2, 'rebirth');
    await run.stop();
    await sub.client.endAsync();
    const births = decodeAll(sub.messages).filter((m) => m.type === 'NBIRTH');
    expect(births.map((b) => [b.seq, bdSeqOf(b)])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
