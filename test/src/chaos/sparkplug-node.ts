// A Sparkplug B edge node with one device, publishing `temp`: births, data with sequence numbers,
// and a death certificate registered as its MQTT last will.
import { sparkplugTopic } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import sparkplug from 'sparkplug-payload';

const codec = sparkplug.get('spBv1.0');
const encode = (p: object): Buffer => Buffer.from(codec?.encodePayload(p as never) ?? []);

export class SparkplugNode {
  private client: MqttClient | undefined;
  private seq = 0;
  private bdSeq = 0;
  private lastTs = 0;

  constructor(
    readonly ids: { group: string; node: string; device: string },
    private readonly login: { username: string; password: string },
  ) {}

  private topic(type: 'NBIRTH' | 'NDATA' | 'NDEATH' | 'DBIRTH' | 'DDATA'): string {
    const device = type.startsWith('D') ? { deviceId: this.ids.device } : {};
    return sparkplugTopic({ groupId: this.ids.group, type, nodeId: this.ids.node, ...device });
  }

  /** Connect (with NDEATH as the will), then send NBIRTH and DBIRTH. */
  async connect(url: string, keepaliveSeconds: number): Promise<void> {
    this.bdSeq++;
    this.client = await mqtt.connectAsync(url, {
      ...this.login,
      clientId: `pdm-chaos-sp-${this.ids.node}-${this.bdSeq}`,
      keepalive: keepaliveSeconds,
      reconnectPeriod: 0,
      will: {
        topic: this.topic('NDEATH'),
        payload: encode({
          timestamp: Date.now(),
          metrics: [{ name: 'bdSeq', type: 'Int64', value: this.bdSeq }],
        }),
        qos: 0,
        retain: false,
      },
    });
    await this.birth();
  }

  async birth(): Promise<void> {
    this.seq = 0;
    const now = this.now();
    await this.send('NBIRTH', {
      timestamp: now,
      seq: 0,
      metrics: [{ name: 'bdSeq', type: 'Int64', value: this.bdSeq }],
    });
    await this.send('DBIRTH', {
      timestamp: now,
      seq: this.next(),
      metrics: [{ name: 'temp', alias: 1, type: 'Double', value: 40, timestamp: now }],
    });
  }

  /** DDATA with `temp` by alias; `skip` leaves a gap in the sequence first. */
  async data(temp: number, skip = 0): Promise<void> {
    this.seq = (this.seq + skip) % 256;
    const now = this.now();
    await this.send('DDATA', {
      timestamp: now,
      seq: this.next(),
      metrics: [{ alias: 1, type: 'Double', value: temp, timestamp: now }],
    });
  }

  /** The next DDATA as topic and bytes, for another client to publish in this node's name. */
  dataMessage(temp: number): { topic: string; payload: Buffer } {
    const now = this.now();
    const payload = encode({
      timestamp: now,
      seq: this.next(),
      metrics: [{ alias: 1, type: 'Double', value: temp, timestamp: now }],
    });
    return { topic: this.topic('DDATA'), payload };
  }

  /** Drop the connection without a DISCONNECT, so the broker publishes the will. */
  drop(): void {
    this.client?.stream.destroy();
  }

  async close(): Promise<void> {
    await this.client?.endAsync(true).catch(() => undefined);
  }

  /** Event time strictly increasing (samples in the same millisecond would be out of order). */
  private now(): number {
    this.lastTs = Math.max(this.lastTs + 1, Date.now());
    return this.lastTs;
  }

  private next(): number {
    this.seq = (this.seq + 1) % 256;
    return this.seq;
  }

  private async send(type: 'NBIRTH' | 'DBIRTH' | 'DDATA', payload: object): Promise<void> {
    if (!this.client) throw new Error('Sparkplug node not connected');
    await this.client.publishAsync(this.topic(type), encode(payload), { qos: 0 });
  }
}
