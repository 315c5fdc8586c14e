import { sparkplugTopic, type TelemetrySample } from '@pdm/shared';
import type { MqttClient } from 'mqtt';
import { get as sparkplugCodec } from 'sparkplug-payload';
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload.js';
import {
  type AssetBatch,
  type BrokerOptions,
  connectBroker,
  endClient,
  type Publisher,
  ready,
} from './publisher.js';
import { encodeDeviceData, type MetricKey, metricKeys, nodeAliases, withSeq } from './sparkplug-encoder.js';
import type { EncodedDeviceData, SparkplugRound } from './sparkplug-rounds.js';

const codec = sparkplugCodec('spBv1.0');
if (codec === null) throw new Error('sparkplug-payload does not know the spBv1.0 namespace');
export const encodeSparkplug = (payload: UPayload): Uint8Array => codec.encodePayload(payload);
export const decodeSparkplug = (bytes: Uint8Array): UPayload => codec.decodePayload(bytes);

const REBIRTH = 'Node Control/Rebirth';

interface DeviceState {
  sensors: string[];
  /** Each sensor's metric alias (unique across the node), or undefined when metrics go by name. */
  aliases: number[] | undefined;
  /** How DDATA refers to each sensor: its alias, or its name when aliases are off. */
  keys: Map<string, MetricKey>;
  dataTopic: string;
  born: boolean;
  dead: boolean;
  last: Record<string, number>;
}

/**
 * One Sparkplug B edge node (a site's gateway) with its devices (the site's assets). NBIRTH on
 * every (re)connect with `bdSeq`; NDEATH registered as the MQTT will and sent before a clean
 * disconnect; DBIRTH before a device's first data; DDEATH when a device stops; `seq` runs 0-255
 * over every message but NDEATH and resets at each NBIRTH. With aliases (the default) each
 * DBIRTH metric carries its name and an alias unique across the node, and DDATA sends the
 * alias only.
 */
export class EdgeNode {
  private seq = 0;
  private bdSeq = 0;
  private lastTs: number;
  private readonly devices = new Map<string, DeviceState>();
  messages = 0;

  constructor(
    private readonly ids: { groupId: string; nodeId: string },
    devices: { assetId: string; sensors: string[] }[],
    startAt: number,
    useAliases = true,
  ) {
    this.lastTs = startAt;
    const aliasLists = nodeAliases(devices);
    for (const [i, d] of devices.entries()) {
      const aliases = useAliases ? aliasLists[i] : undefined;
      const keys = metricKeys(d.sensors, aliases);
      const dataTopic = this.topic('DDATA', d.assetId);
      this.devices.set(d.assetId, {
        sensors: d.sensors,
        aliases,
        keys,
        dataTopic,
        born: false,
        dead: false,
        last: {},
      });
    }
  }

  client: MqttClient | undefined;

  async connect(broker: BrokerOptions): Promise<void> {
    const will = {
      topic: this.topic('NDEATH'),
      payload: Buffer.from(this.deathPayload()),
      qos: 1 as const,
      retain: false,
    };
    const client = await connectBroker(
      { clientId: `${this.ids.groupId}-${this.ids.nodeId}`, ...broker },
      { will },
    );
    this.client = client;
    client.on('close', () => {
      // Each new MQTT session has the next bdSeq, and its will must carry it.
      this.bdSeq = (this.bdSeq + 1) % 256;
      if (client.options.will) client.options.will.payload = Buffer.from(this.deathPayload());
    });
    client.on('connect', () => this.birth());
    client.on('message', (topic, payload) => this.onCommand(topic, payload));
    await client.subscribeAsync(this.topic('NCMD'), { qos: 0 });
    this.birth();
  }

  /** NBIRTH, then DBIRTH again for every device that was already born. */
  birth(): void {
    this.seq = 0;
    const metrics: UMetric[] = [
      { name: 'bdSeq', type: 'Int64', value: this.bdSeq },
      { name: REBIRTH, type: 'Boolean', value: false },
    ];
    this.send(this.topic('NBIRTH'), { timestamp: this.lastTs, metrics, seq: this.nextSeq() });
    for (const [assetId, d] of this.devices) if (d.born && !d.dead) this.deviceBirth(assetId, d);
  }

  data(assetId: string, samples: TelemetrySample[]): void {
    const d = this.devices.get(assetId);
    if (!d || d.dead || samples.length === 0) return;
    let rest = samples;
    if (!d.born) {
      const first = samples[0] as TelemetrySample;
      Object.assign(d.last, first.readings);
      this.lastTs = first.ts;
      d.born = true;
      this.deviceBirth(assetId, d);
      rest = samples.slice(1);
      if (rest.length === 0) return;
    }
    this.lastTs = (rest[rest.length - 1] as TelemetrySample).ts;
    this.sendBytes(d.dataTopic, encodeDeviceData(rest, d.keys, this.nextSeq(), d.last));
  }

  /**
   * The same as `data` for a chunk the worker thread already encoded: DBIRTH from `birth` when
   * the device is new, then the DDATA body with this node's next seq appended.
   */
  encodedData(assetId: string, item: EncodedDeviceData, body: Uint8Array | undefined): void {
    const d = this.devices.get(assetId);
    if (!d || d.dead) return;
    if (item.birth && !d.born) {
      Object.assign(d.last, item.birth.readings);
      this.lastTs = item.birth.ts;
      d.born = true;
      this.deviceBirth(assetId, d);
    }
    if (body === undefined || !d.born) return;
    this.lastTs = item.lastTs;
    this.sendBytes(d.dataTopic, withSeq(body, this.nextSeq()));
  }

  /** The device's latest value per sensor (for its next DBIRTH), as the worker thread saw them. */
  setLastValues(assetId: string, last: Record<string, number>): void {
    const d = this.devices.get(assetId);
    if (d) Object.assign(d.last, last);
  }

  deviceDeath(assetId: string, at: number): void {
    const d = this.devices.get(assetId);
    if (!d || d.dead) return;
    d.dead = true;
    this.lastTs = Math.max(this.lastTs, at);
    if (d.born) this.send(this.topic('DDEATH', assetId), { timestamp: at, seq: this.nextSeq() });
  }

  /** Publishes NDEATH itself (a clean disconnect sends no will) and disconnects. */
  async close(at: number): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.lastTs = Math.max(this.lastTs, at);
    if (client.connected) {
      await client.publishAsync(this.topic('NDEATH'), Buffer.from(this.deathPayload()), { qos: 1 });
      this.messages++;
    }
    client.removeAllListeners('close');
    await endClient(client);
  }

  private deviceBirth(assetId: string, d: DeviceState): void {
    const metrics: UMetric[] = d.sensors.map((name, i) => {
      const value = d.last[name];
      const alias = d.aliases?.[i];
      return {
        name,
        ...(alias !== undefined ? { alias } : {}),
        type: 'Double',
        value: value ?? null,
        timestamp: this.lastTs,
      };
    });
    this.send(this.topic('DBIRTH', assetId), { timestamp: this.lastTs, metrics, seq: this.nextSeq() });
  }

  private deathPayload(): Uint8Array {
    return encodeSparkplug({
      timestamp: this.lastTs,
      metrics: [{ name: 'bdSeq', type: 'Int64', value: this.bdSeq }],
    });
  }

  private onCommand(topic: string, payload: Buffer): void {
    if (topic !== this.topic('NCMD')) return;
    try {
      const cmd = decodeSparkplug(payload);
      if (cmd.metrics?.some((m) => m.name === REBIRTH && m.value === true)) this.birth();
    } catch {
      // A malformed command changes nothing; the node keeps publishing.
    }
  }

  private nextSeq(): number {
    const s = this.seq;
    this.seq = (this.seq + 1) % 256;
    return s;
  }

  private send(topic: string, payload: UPayload): void {
    this.sendBytes(topic, Buffer.from(encodeSparkplug(payload)));
  }

  private sendBytes(topic: string, payload: Buffer): void {
    this.client?.publish(topic, payload, { qos: 0 });
    this.messages++;
  }

  private topic(type: 'NBIRTH' | 'NDEATH' | 'NCMD', deviceId?: undefined): string;
  private topic(type: 'DBIRTH' | 'DDATA' | 'DDEATH', deviceId: string): string;
  private topic(
    type: 'NBIRTH' | 'NDEATH' | 'NCMD' | 'DBIRTH' | 'DDATA' | 'DDEATH',
    deviceId?: string,
  ): string {
    const { groupId, nodeId } = this.ids;
    return sparkplugTopic({ groupId, type, nodeId, ...(deviceId !== undefined ? { deviceId } : {}) });
  }
}

export interface SparkplugLayout {
  /** Most samples per DDATA message (each sample adds one metric per sensor). */
  maxBatch?: number;
  /** DDATA metrics by the alias their DBIRTH gave them (default) or by name (false). */
  aliases?: boolean;
  startAt: number;
  sites: {
    siteId: string;
    groupId: string;
    nodeId: string;
    devices: { assetId: string; sensors: string[] }[];
  }[];
}

/** Sparkplug B: one edge node (MQTT connection) per site, one device per asset; the group is the site by default. */
export class SparkplugPublisher implements Publisher {
  private constructor(
    private readonly nodes: Map<string, EdgeNode>,
    private readonly maxBatch: number,
  ) {}

  static async connect(broker: BrokerOptions, layout: SparkplugLayout): Promise<SparkplugPublisher> {
    const nodes = new Map<string, EdgeNode>();
    for (const site of layout.sites) {
      const ids = { groupId: site.groupId, nodeId: site.nodeId };
      const node = new EdgeNode(ids, site.devices, layout.startAt, layout.aliases ?? true);
      await node.connect(broker);
      nodes.set(site.siteId, node);
    }
    return new SparkplugPublisher(nodes, layout.maxBatch ?? 500);
  }

  publish(batch: AssetBatch): number {
    const node = this.nodes.get(batch.siteId);
    if (!node) return 0;
    const before = node.messages;
    const { samples } = batch;
    if (samples.length <= this.maxBatch) node.data(batch.assetId, samples);
    else
      for (let i = 0; i < samples.length; i += this.maxBatch)
        node.data(batch.assetId, samples.slice(i, i + this.maxBatch));
    return node.messages - before;
  }

  /** Publishes a round the worker thread encoded: births, DDATA with seq, then last values. */
  publishEncoded(round: SparkplugRound): void {
    for (const item of round.items) {
      const body = item.length > 0 ? round.bytes.subarray(item.offset, item.offset + item.length) : undefined;
      this.nodes.get(item.siteId)?.encodedData(item.assetId, item, body);
    }
    for (const l of round.last) this.nodes.get(l.siteId)?.setLastValues(l.assetId, l.values);
  }

  deviceStopped(siteId: string, assetId: string, at: number): number {
    const node = this.nodes.get(siteId);
    if (!node) return 0;
    const before = node.messages;
    node.deviceDeath(assetId, at);
    return node.messages - before;
  }

  sentMessages(): number {
    let total = 0;
    for (const node of this.nodes.values()) total += node.messages;
    return total;
  }

  async flush(stopping: () => boolean): Promise<void> {
    for (const node of this.nodes.values()) if (node.client) await ready(node.client, stopping);
  }

  async close(at: number): Promise<void> {
    for (const node of this.nodes.values()) await node.close(at);
  }
}
