import type { TelemetrySample } from '@pdm/shared';
import type { AssetRef } from './alert-manager.js';
import type { BadReason } from './bad-messages.js';
import { checkTelemetry } from './sample-check.js';

/** A decoded Sparkplug B payload, as far as we read it. Longs arrive as objects with toNumber(). */
export interface SparkplugMetric {
  name?: string | null;
  alias?: unknown;
  timestamp?: unknown;
  value?: unknown;
  isNull?: boolean | null;
}
export interface SparkplugPayload {
  timestamp?: unknown;
  seq?: unknown;
  metrics?: SparkplugMetric[] | null;
}

export interface SparkplugTopicRef {
  groupId: string;
  type: string;
  nodeId: string;
  deviceId?: string;
}

export type SparkplugAction =
  | { kind: 'samples'; asset: AssetRef; samples: TelemetrySample[] }
  | { kind: 'stale'; asset: AssetRef; reason: string }
  | { kind: 'fresh'; asset: AssetRef }
  | { kind: 'rebirth'; groupId: string; nodeId: string }
  | { kind: 'bad'; reason: BadReason; detail: string };

interface DeviceState {
  born: boolean;
  aliases: Map<number, string>;
}

interface NodeState {
  born: boolean;
  lastSeq: number;
  rebirthRequested: boolean;
  aliases: Map<number, string>;
  devices: Map<string, DeviceState>;
}

const SKIPPED_PREFIXES = ['Node Control/', 'Device Control/', 'Properties/', 'bdSeq'];

/**
 * Sparkplug B session state per edge node: birth certificates define metric names and aliases;
 * a death certificate or a sequence gap makes the node's (or device's) data stale until the next
 * birth, and a gap asks the node to rebirth. Pure: returns actions for the caller to apply.
 */
export class SparkplugTracker {
  private readonly nodes = new Map<string, NodeState>();

  /** `sites` maps an edge node id to the site its devices belong to (default: the group id). */
  constructor(private readonly sites: Readonly<Record<string, string>> = {}) {}

  handle(topic: SparkplugTopicRef, payload: SparkplugPayload): SparkplugAction[] {
    const key = `${topic.groupId}/${topic.nodeId}`;
    const node = this.nodes.get(key);
    switch (topic.type) {
      case 'NBIRTH':
        return this.nodeBirth(topic, key, payload);
      case 'NDEATH':
        return node ? this.kill(topic, node, 'node death certificate') : [];
      case 'NCMD':
      case 'DCMD':
        return [];
    }
    if (!node?.born) return this.unborn(topic, 'data before node birth');
    const gap = this.checkSeq(topic, node, payload);
    if (gap) return gap;
    if (topic.type === 'DBIRTH') return this.deviceBirth(topic, node, payload);
    if (topic.type === 'DDEATH') {
      const device = node.devices.get(topic.deviceId ?? '');
      if (device) device.born = false;
      return [{ kind: 'stale', asset: this.assetOf(topic), reason: 'device death certificate' }];
    }
    const aliases = topic.type === 'DDATA' ? node.devices.get(topic.deviceId ?? '')?.aliases : node.aliases;
    if (topic.type === 'DDATA' && !node.devices.get(topic.deviceId ?? '')?.born) {
      return this.unborn(topic, 'device data before device birth');
    }
    return this.samples(topic, payload, aliases ?? new Map());
  }

  private nodeBirth(topic: SparkplugTopicRef, key: string, payload: SparkplugPayload): SparkplugAction[] {
    const previous = this.nodes.get(key);
    const node: NodeState = {
      born: true,
      lastSeq: toInt(payload.seq) ?? 0,
      rebirthRequested: false,
      aliases: aliasesOf(payload),
      devices: new Map(),
    };
    this.nodes.set(key, node);
    const out: SparkplugAction[] = [];
    // Devices must send a new DBIRTH after a node rebirth; until then their data stays stale.
    for (const deviceId of previous?.devices.keys() ?? []) {
      out.push({
        kind: 'stale',
        asset: this.assetOf({ ...topic, deviceId }),
        reason: 'awaiting device birth',
      });
    }
    out.push({ kind: 'fresh', asset: this.assetOf(topic) });
    return [...out, ...this.samples(topic, payload, node.aliases)];
  }

  private deviceBirth(
    topic: SparkplugTopicRef,
    node: NodeState,
    payload: SparkplugPayload,
  ): SparkplugAction[] {
    const device: DeviceState = { born: true, aliases: aliasesOf(payload) };
    node.devices.set(topic.deviceId ?? '', device);
    return [{ kind: 'fresh', asset: this.assetOf(topic) }, ...this.samples(topic, payload, device.aliases)];
  }

  private kill(topic: SparkplugTopicRef, node: NodeState, reason: string): SparkplugAction[] {
    node.born = false;
    const out: SparkplugAction[] = [
      { kind: 'stale', asset: this.assetOf({ ...topic, type: 'NDEATH' }), reason },
    ];
    for (const [deviceId, device] of node.devices) {
      device.born = false;
      out.push({ kind: 'stale', asset: this.assetOf({ ...topic, deviceId }), reason });
    }
    return out;
  }

  /** Node sequence numbers run 0..255 across NBIRTH, NDATA, DBIRTH, DDATA and DDEATH. */
  private checkSeq(
    topic: SparkplugTopicRef,
    node: NodeState,
    payload: SparkplugPayload,
  ): SparkplugAction[] | undefined {
    const seq = toInt(payload.seq);
    if (seq === undefined) return undefined;
    const expected = (node.lastSeq + 1) % 256;
    node.lastSeq = seq;
    if (seq === expected) return undefined;
    const out = this.kill(topic, node, `sequence gap: expected ${expected}, got ${seq}`);
    out.push({ kind: 'bad', reason: 'stale', detail: `sequence gap on ${topic.groupId}/${topic.nodeId}` });
    out.push({ kind: 'rebirth', groupId: topic.groupId, nodeId: topic.nodeId });
    node.rebirthRequested = true;
    return out;
  }

  /** Site = the node's mapped site or the group; asset = the device (or the node itself). */
  private assetOf(topic: SparkplugTopicRef): AssetRef {
    const siteId = Object.hasOwn(this.sites, topic.nodeId)
      ? (this.sites[topic.nodeId] as string)
      : topic.groupId;
    return { siteId, assetId: topic.deviceId ?? topic.nodeId };
  }

  private unborn(topic: SparkplugTopicRef, detail: string): SparkplugAction[] {
    const out: SparkplugAction[] = [{ kind: 'bad', reason: 'stale', detail: `${detail} (${topic.type})` }];
    const node = this.nodes.get(`${topic.groupId}/${topic.nodeId}`);
    if (!node?.rebirthRequested) {
      if (node) node.rebirthRequested = true;
      out.push({ kind: 'rebirth', groupId: topic.groupId, nodeId: topic.nodeId });
    }
    return out;
  }

  private samples(
    topic: SparkplugTopicRef,
    payload: SparkplugPayload,
    aliases: Map<number, string>,
  ): SparkplugAction[] {
    const byTime = new Map<number, Record<string, number>>();
    const out: SparkplugAction[] = [];
    const fallbackTs = toInt(payload.timestamp);
    for (const m of payload.metrics ?? []) {
      const alias = toInt(m.alias);
      const name = m.name ?? (alias === undefined ? undefined : aliases.get(alias));
      if (name === undefined) {
        out.push({
          kind: 'bad',
          reason: 'unknown_alias',
          detail: `alias ${alias} not in the birth certificate`,
        });
        continue;
      }
      if (m.isNull || SKIPPED_PREFIXES.some((p) => name.startsWith(p))) continue;
      const value = typeof m.value === 'boolean' ? Number(m.value) : toNumber(m.value);
      if (value === undefined) continue;
      const ts = toInt(m.timestamp) ?? fallbackTs;
      if (ts === undefined) {
        out.push({ kind: 'bad', reason: 'invalid_sparkplug', detail: `metric ${name} has no timestamp` });
        continue;
      }
      const readings = byTime.get(ts) ?? {};
      readings[sensorIdOf(name)] = value;
      byTime.set(ts, readings);
    }
    if (byTime.size === 0) return out;
    const raw = [...byTime].sort((a, b) => a[0] - b[0]).map(([ts, readings]) => ({ ts, readings }));
    const checked = checkTelemetry(raw);
    if (!checked.ok) return [...out, { kind: 'bad', reason: 'invalid_sparkplug', detail: checked.reason }];
    return [...out, { kind: 'samples', asset: this.assetOf(topic), samples: checked.samples }];
  }
}

/** Metric names become sensor ids: characters outside [A-Za-z0-9_-] turn into `_`. */
export function sensorIdOf(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || '_';
}

function aliasesOf(payload: SparkplugPayload): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of payload.metrics ?? []) {
    const alias = toInt(m.alias);
    if (alias !== undefined && m.name) out.set(alias, m.name);
  }
  return out;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { toNumber?: unknown }).toNumber === 'function') {
    return (v as { toNumber(): number }).toNumber();
  }
  return undefined;
}

function toInt(v: unknown): number | undefined {
  const n = toNumber(v);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}
