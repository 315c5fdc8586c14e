import type { TelemetrySample } from '@pdm/shared';

/**
 * A direct encoder for the one Sparkplug B payload the simulator sends in bulk: DDATA with Double
 * metrics, each carrying its own timestamp and either a name or an alias (Sparkplug B protobuf
 * schema, org.eclipse.tahu.protobuf.Payload). It writes the same bytes, field for field and in
 * the same order, as `sparkplug-payload`'s encoder for the same payload (a test holds it to
 * that), without building a metric object per reading. Pure apart from a reused scratch buffer.
 *
 * Payload: 1 timestamp (uint64), 2 metrics (repeated Metric), 3 seq (uint64).
 * Metric: 1 name (string), 2 alias (uint64), 3 timestamp (uint64), 4 datatype (uint32, Double = 10),
 * 13 double_value (double).
 */

const DOUBLE = 10;
const TAG_PAYLOAD_TIMESTAMP = 0x08; // field 1, varint
const TAG_PAYLOAD_METRIC = 0x12; // field 2, length-delimited
const TAG_PAYLOAD_SEQ = 0x18; // field 3, varint
const TAG_NAME = 0x0a; // field 1, length-delimited
const TAG_ALIAS = 0x10; // field 2, varint
const TAG_TIMESTAMP = 0x18; // field 3, varint
const TAG_DATATYPE = 0x20; // field 4, varint
const TAG_DOUBLE = 0x69; // field 13, 64-bit

/** How a device's sensor appears in DDATA: by alias (after a DBIRTH that gave it) or by name. */
export interface MetricKey {
  /** UTF-8 bytes of the name, or null to send the alias only. */
  name: Uint8Array | null;
  alias: number | null;
  /** The metric's bytes up to its timestamp, for one timestamp length (built on first use). */
  prefix?: { tsLen: number; bytes: Uint8Array };
}

/** Metric keys of one device: by alias when `aliases` is given, else by name. */
export function metricKeys(sensors: readonly string[], aliases?: readonly number[]): Map<string, MetricKey> {
  const keys = new Map<string, MetricKey>();
  sensors.forEach((sensor, i) => {
    const alias = aliases?.[i];
    keys.set(
      sensor,
      alias !== undefined ? { name: null, alias } : { name: Buffer.from(sensor, 'utf8'), alias: null },
    );
  });
  return keys;
}

/** Metric aliases for a node's devices: each sensor of each device in turn, unique across the node. */
export function nodeAliases(devices: readonly { sensors: readonly string[] }[]): number[][] {
  let next = 0;
  return devices.map((d) => d.sensors.map(() => next++));
}

let scratch = Buffer.allocUnsafe(64 * 1024);
const tsBytes = Buffer.allocUnsafe(10);

/**
 * DDATA for consecutive samples of one device: one Double metric per reading, each with its
 * sample's timestamp; the payload timestamp is the last sample's; no `seq` field when seq is
 * undefined (see `withSeq`). A reading whose sensor has no
 * key is named by its sensor id. Every reading written is also stored in `last` (the device's
 * latest value per sensor, for its next DBIRTH).
 */
export function encodeDeviceData(
  samples: readonly TelemetrySample[],
  keys: ReadonlyMap<string, MetricKey>,
  seq: number | undefined,
  last?: Record<string, number>,
): Buffer {
  const final = samples[samples.length - 1] as TelemetrySample;
  let at = 0;
  room(at, 22);
  scratch[at++] = TAG_PAYLOAD_TIMESTAMP;
  at = writeVarint(scratch, at, final.ts);
  for (const s of samples) {
    const tsLen = writeVarint(tsBytes, 0, s.ts);
    for (const sensor in s.readings) {
      const value = s.readings[sensor] as number;
      if (last) last[sensor] = value;
      const prefix = prefixOf(keys.get(sensor) ?? { name: Buffer.from(sensor, 'utf8'), alias: null }, tsLen);
      room(at, prefix.length + tsLen + 11);
      const buf = scratch;
      for (let i = 0; i < prefix.length; i++) buf[at++] = prefix[i] as number;
      for (let i = 0; i < tsLen; i++) buf[at++] = tsBytes[i] as number;
      buf[at++] = TAG_DATATYPE;
      buf[at++] = DOUBLE;
      buf[at++] = TAG_DOUBLE;
      buf.writeDoubleLE(value, at);
      at += 8;
    }
  }
  if (seq !== undefined) {
    room(at, 11);
    scratch[at++] = TAG_PAYLOAD_SEQ;
    at = writeVarint(scratch, at, seq);
  }
  return Buffer.from(scratch.subarray(0, at));
}

/**
 * A payload encoded without `seq` (by `encodeDeviceData(..., undefined)`) with its `seq` added:
 * seq is the payload's last field, so appending it gives the bytes encoding it in place would.
 */
export function withSeq(body: Uint8Array, seq: number): Buffer {
  const out = Buffer.allocUnsafe(body.length + 1 + varintLength(seq));
  out.set(body, 0);
  out[body.length] = TAG_PAYLOAD_SEQ;
  writeVarint(out, body.length + 1, seq);
  return out;
}

/**
 * The bytes of a metric before its timestamp value: the metric tag and length, the name or alias
 * field, the timestamp tag. Cached on the key (the length depends on the timestamp's varint size).
 */
function prefixOf(key: MetricKey, tsLen: number): Uint8Array {
  if (key.prefix?.tsLen === tsLen) return key.prefix.bytes;
  let idLen = 0;
  if (key.name !== null) idLen += 1 + varintLength(key.name.length) + key.name.length;
  if (key.alias !== null) idLen += 1 + varintLength(key.alias);
  const len = idLen + 1 + tsLen + 2 + 9;
  const bytes = Buffer.allocUnsafe(1 + varintLength(len) + idLen + 1);
  let at = 0;
  bytes[at++] = TAG_PAYLOAD_METRIC;
  at = writeVarint(bytes, at, len);
  if (key.name !== null) {
    bytes[at++] = TAG_NAME;
    at = writeVarint(bytes, at, key.name.length);
    bytes.set(key.name, at);
    at += key.name.length;
  }
  if (key.alias !== null) {
    bytes[at++] = TAG_ALIAS;
    at = writeVarint(bytes, at, key.alias);
  }
  bytes[at] = TAG_TIMESTAMP;
  key.prefix = { tsLen, bytes };
  return bytes;
}

/** Makes room for `bytes` more after `used` bytes of the scratch buffer, keeping what is written. */
function room(used: number, bytes: number): void {
  if (used + bytes <= scratch.length) return;
  const bigger = Buffer.allocUnsafe(Math.max(used + bytes, scratch.length * 2));
  scratch.copy(bigger, 0, 0, used);
  scratch = bigger;
}

/** Bytes of a base-128 varint for a non-negative integer up to 2^53. */
export function varintLength(n: number): number {
  let len = 1;
  for (let v = n; v >= 128; v = Math.floor(v / 128)) len++;
  return len;
}

/** Writes a non-negative integer (up to 2^53) as a base-128 varint; returns the next offset. */
export function writeVarint(buf: Uint8Array, start: number, n: number): number {
  let at = start;
  let v = n;
  while (v >= 0x80000000) {
    buf[at++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  let small = v | 0;
  while (small >= 128) {
    buf[at++] = (small & 0x7f) | 0x80;
    small >>>= 7;
  }
  buf[at++] = small;
  return at;
}
