// Ground truth of the suite: a device client that injects faults (one hot sample on a fresh asset)
// and healthy samples, and remembers which assets it faulted.
import { telemetryTopic } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import { HOT, NORMAL, SITE_ID } from './edge-config.js';

export class FaultInjector {
  private client: MqttClient | undefined;
  private clock = 0;
  readonly faulted: string[] = [];
  readonly healthy = new Set<string>();

  constructor(
    private readonly url: string,
    private readonly login: { username: string; password: string },
  ) {}

  async connect(): Promise<void> {
    this.client = await mqtt.connectAsync(this.url, {
      ...this.login,
      clientId: `pdm-chaos-device-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      reconnectPeriod: 500,
      connectTimeout: 5_000,
    });
  }

  /** Event time strictly increasing and never ahead of the wall clock (the edge rejects the future). */
  private nextTs(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }

  async sample(assetId: string, temp: number): Promise<void> {
    if (!this.client) throw new Error('FaultInjector not connected');
    const payload = JSON.stringify({ ts: this.nextTs(), readings: { temp } });
    await this.client.publishAsync(telemetryTopic(SITE_ID, assetId), payload, { qos: 1 });
  }

  /** A normal sample then a hot one: the edge opens one alert for this asset. */
  async fault(assetId: string): Promise<void> {
    await this.sample(assetId, NORMAL);
    await this.sample(assetId, HOT);
    this.faulted.push(assetId);
  }

  /** Any payload on any topic (bad input, Sparkplug). */
  async raw(topic: string, payload: string | Buffer): Promise<void> {
    if (!this.client) throw new Error('FaultInjector not connected');
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  /** The next event time this injector would use (for hand-made payloads). */
  ts(): number {
    return this.nextTs();
  }

  async healthySample(assetId: string): Promise<void> {
    await this.sample(assetId, NORMAL);
    this.healthy.add(assetId);
  }

  async close(): Promise<void> {
    await this.client?.endAsync(true).catch(() => undefined);
  }
}

/** Inject one fault every `everyMs` for `durationMs` (assets `<prefix>-0`, `<prefix>-1`, ...). */
export async function faultsDuring(
  devices: FaultInjector,
  prefix: string,
  timing: { durationMs: number; everyMs: number },
): Promise<number> {
  const end = Date.now() + timing.durationMs;
  let n = 0;
  while (Date.now() < end) {
    await devices.fault(`${prefix}-${n++}`);
    await new Promise((r) => setTimeout(r, timing.everyMs));
  }
  return n;
}
