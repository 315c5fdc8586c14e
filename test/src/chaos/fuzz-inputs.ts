// fast-check generators of hostile inputs: telemetry payloads, Sparkplug payloads and API bodies.
// Sensor names never include `temp`, so no generated reading may legitimately open an alert.
import { sparkplugTopic } from '@pdm/shared';
import fc from 'fast-check';
import sparkplug from 'sparkplug-payload';
import { makeAlert } from './alerts.js';

const codec = sparkplug.get('spBv1.0');
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -0, 2 ** 53, Number.MAX_SAFE_INTEGER),
);
const sensor = fc.oneof(
  fc.constantFrom('vib', 'x', '__proto__', 'constructor', ''),
  fc.string({ maxLength: 80 }),
);

const sampleLike = fc.record(
  {
    ts: fc.oneof(number, fc.string(), fc.constant(null), fc.constant(Date.now())),
    seq: fc.oneof(number, fc.string()),
    readings: fc.oneof(
      fc.dictionary(sensor, fc.oneof(number, fc.string(), fc.constant(null))),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);

/** A telemetry payload as bytes: JSON of anything, sample-like objects, batches, raw bytes. */
export const telemetryPayload: fc.Arbitrary<Buffer> = fc.oneof(
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  sampleLike.map((s) => Buffer.from(JSON.stringify(s))),
  fc.array(sampleLike, { maxLength: 20 }).map((s) => Buffer.from(JSON.stringify(s))),
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
);

const spType = fc.constantFrom('NBIRTH', 'NDATA', 'NDEATH', 'DBIRTH', 'DDATA', 'DDEATH') as fc.Arbitrary<
  'NBIRTH' | 'NDATA' | 'NDEATH' | 'DBIRTH' | 'DDATA' | 'DDEATH'
>;
const metric = fc.record(
  {
    name: fc.oneof(sensor, fc.constant('bdSeq'), fc.constant('Node Control/Rebirth')),
    alias: fc.integer({ min: 0, max: 10 }),
    type: fc.constantFrom('Double', 'Float', 'Int32', 'Int64', 'Boolean', 'String'),
    value: fc.oneof(number, fc.boolean(), fc.string({ maxLength: 20 })),
  },
  { requiredKeys: ['type'] },
);

/** A Sparkplug message: topic plus either a well-formed payload with odd metrics or random bytes. */
export const sparkplugMessage: fc.Arbitrary<{ topic: string; payload: Buffer }> = fc
  .record({
    type: spType,
    node: fc.constantFrom('n1', 'n2'),
    encoded: fc.boolean(),
    seq: fc.integer({ min: -1, max: 300 }),
    metrics: fc.array(metric, { maxLength: 5 }),
    bytes: fc.uint8Array({ maxLength: 256 }),
  })
  .map((m) => {
    const deviceId = m.type.startsWith('D') ? 'd1' : undefined;
    const topic = sparkplugTopic({
      groupId: 'fuzz',
      type: m.type,
      nodeId: m.node,
      ...(deviceId ? { deviceId } : {}),
    });
    if (!m.encoded) return { topic, payload: Buffer.from(m.bytes) };
    try {
      const payload = codec?.encodePayload({
        timestamp: Date.now(),
        seq: m.seq,
        metrics: m.metrics,
      } as never);
      return { topic, payload: Buffer.from(payload ?? m.bytes) };
    } catch {
      return { topic, payload: Buffer.from(m.bytes) };
    }
  });

/** A JSON body for POST /alerts: a valid alert with some fields replaced by anything, or anything. */
export const alertBody: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .dictionary(
      fc.constantFrom(
        'id',
        'gatewayId',
        'assetId',
        'state',
        'severity',
        'openedAt',
        'observedAt',
        'score',
        'evidence',
        'extra',
        '__proto__',
      ),
      fc.jsonValue(),
      { maxKeys: 4 },
    )
    .map((patch) => ({ ...makeAlert('fuzz-asset'), ...patch })),
  fc.jsonValue(),
);

/** A JSON body for PATCH /work-orders/:id and transitions. */
export const editBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(
    fc.constantFrom('title', 'priority', 'dueAt', 'assigneeId', 'status', 'to', 'reason', 'id'),
    fc.oneof(fc.jsonValue(), number),
    { maxKeys: 4 },
  ),
  fc.jsonValue(),
);
