import sparkplug from 'sparkplug-payload';
import { describe, expect, it } from 'vitest';
import { SparkplugIngest } from '../src/io/sparkplug-ingest.js';
import { BEARING_RULE } from './helpers/demo-config.js';
import { BASE, engineWith } from './helpers/engine.js';

const codec = sparkplug.get('spBv1.0')!;
type Metric = {
  name?: string;
  alias?: number;
  type: 'Double' | 'Int64' | 'Boolean';
  value: number | boolean;
  timestamp?: number;
};
const encode = (seq: number | undefined, metrics: Metric[], timestamp = BASE) =>
  Buffer.from(codec.encodePayload({ timestamp, ...(seq === undefined ? {} : { seq }), metrics }));

function setup() {
  const rig = engineWith({ rules: [{ ...BEARING_RULE, for: 0 }] });
  const commands: { topic: string; metrics: unknown }[] = [];
  const ingest = new SparkplugIngest(
    rig.engine,
    (topic, payload) => commands.push({ topic, metrics: codec.decodePayload(payload).metrics }),
    { 'plant-1-gw': 'plant-1' },
  );
  const send = (type: string, device: string | undefined, payload: Buffer) =>
    ingest.ingest(`spBv1.0/fleet/${type}/plant-1-gw${device ? `/${device}` : ''}`, payload);
  return { ...rig, commands, send };
}

describe('Sparkplug B ingest', () => {
  it('uses birth certificates for names and aliases and maps the node to its site', () => {
    const { engine, send, alerts } = setup();
    send('NBIRTH', undefined, encode(0, [{ name: 'bdSeq', type: 'Int64', value: 0 }]));
    send('DBIRTH', 'pump-02', encode(1, [{ name: 'vib_rms', alias: 7, type: 'Double', value: 3 }]));
    send('DDATA', 'pump-02', encode(2, [{ alias: 7, type: 'Double', value: 3.2, timestamp: BASE + 10_000 }]));
    send('DDATA', 'pump-02', encode(3, [{ alias: 7, type: 'Double', value: 9, timestamp: BASE + 20_000 }]));
    expect(engine.counters.readingsAccepted).toBe(3);
    expect(alerts.map((a) => [a.siteId, a.assetId, a.state])).toEqual([['plant-1', 'pump-02', 'open']]);
  });

  it('marks data stale on a sequence gap, asks for a rebirth, and never alerts from stale data', () => {
    const { engine, send, alerts, commands } = setup();
    send('NBIRTH', undefined, encode(0, []));
    send('DBIRTH', 'pump-02', encode(1, [{ name: 'vib_rms', alias: 1, type: 'Double', value: 3 }]));
    send('DDATA', 'pump-02', encode(5, [{ alias: 1, type: 'Double', value: 3, timestamp: BASE + 10_000 }]));
    expect(engine.isStale({ siteId: 'plant-1', assetId: 'pump-02' })).toBe(true);
    expect(commands).toHaveLength(1);
    expect(commands[0]?.topic).toBe('spBv1.0/fleet/NCMD/plant-1-gw');
    expect(JSON.stringify(commands[0]?.metrics)).toContain('Node Control/Rebirth');
    // Data after the gap but before a new birth is refused.
    send('DDATA', 'pump-02', encode(6, [{ alias: 1, type: 'Double', value: 12, timestamp: BASE + 20_000 }]));
    expect(alerts).toEqual([]);
    expect(engine.bad.counts.stale).toBeGreaterThan(0);
    // Rebirth: the node, then the device, and data flows again.
    send('NBIRTH', undefined, encode(0, []));
    send(
      'DBIRTH',
      'pump-02',
      encode(1, [{ name: 'vib_rms', alias: 1, type: 'Double', value: 3, timestamp: BASE + 30_000 }]),
    );
    send('DDATA', 'pump-02', encode(2, [{ alias: 1, type: 'Double', value: 12, timestamp: BASE + 40_000 }]));
    expect(engine.isStale({ siteId: 'plant-1', assetId: 'pump-02' })).toBe(false);
    expect(alerts.map((a) => a.state)).toEqual(['open']);
  });

  it('treats death certificates as stale and counts undecodable payloads, unknown aliases and non-finite values', () => {
    const { engine, send } = setup();
    send('NBIRTH', undefined, encode(0, []));
    send('DBIRTH', 'fan-01', encode(1, [{ name: 'airflow', alias: 2, type: 'Double', value: 3 }]));
    send('DDATA', 'fan-01', encode(2, [{ alias: 99, type: 'Double', value: 1 }]));
    send(
      'DDATA',
      'fan-01',
      encode(3, [{ alias: 2, type: 'Double', value: Number.POSITIVE_INFINITY, timestamp: BASE + 5 }]),
    );
    send('DDATA', 'fan-01', Buffer.from([0xff, 0xff, 0xff, 0x01]));
    send('DDEATH', 'fan-01', encode(4, []));
    expect(engine.isStale({ siteId: 'plant-1', assetId: 'fan-01' })).toBe(true);
    send('NDEATH', undefined, encode(undefined, [{ name: 'bdSeq', type: 'Int64', value: 0 }]));
    expect(engine.isStale({ siteId: 'plant-1', assetId: 'plant-1-gw' })).toBe(true);
    expect(engine.bad.counts).toMatchObject({ unknown_alias: 1, invalid_sparkplug: 2 });
  });
});
