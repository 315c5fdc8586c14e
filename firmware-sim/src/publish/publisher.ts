import { AppError, type TelemetrySample } from '@pdm/shared';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** The samples of one asset to send in this tick, oldest first. */
export interface AssetBatch {
  siteId: string;
  assetId: string;
  samples: TelemetrySample[];
}

/** Sends simulated samples in one wire format. */
export interface Publisher {
  /** Queues the batch on the connection(s); returns the number of MQTT messages it took. */
  publish(batch: AssetBatch): number;
  /** A device stopped reporting for good at event time `at` (failed machine). */
  deviceStopped(siteId: string, assetId: string, at: number): number;
  /** Resolves once connected with room on the socket (or once `stopping()` is true). */
  flush(stopping: () => boolean): Promise<void>;
  /** Every MQTT message sent so far, births and deaths included. */
  sentMessages(): number;
  /** Says goodbye as the format requires and disconnects. */
  close(at: number): Promise<void>;
}

export interface BrokerOptions {
  brokerUrl: string;
  username?: string;
  password?: string;
  clientId?: string;
  /** Told about connection errors after the first connect (the client keeps retrying). */
  onConnectionError?: (err: Error) => void;
}

/** Connects or fails with a clear UNAVAILABLE error; later drops reconnect in the background. */
export async function connectBroker(broker: BrokerOptions, extra: IClientOptions = {}): Promise<MqttClient> {
  const options: IClientOptions = {
    clean: true,
    connectTimeout: 10_000,
    reconnectPeriod: 1_000,
    queueQoSZero: false,
    ...(broker.username !== undefined ? { username: broker.username } : {}),
    ...(broker.password !== undefined ? { password: broker.password } : {}),
    ...(broker.clientId !== undefined ? { clientId: broker.clientId } : {}),
    ...extra,
  };
  let client: MqttClient;
  try {
    client = await mqtt.connectAsync(broker.brokerUrl, options, false);
  } catch (err) {
    const reason = (err as Error).message;
    throw new AppError('UNAVAILABLE', `cannot connect to MQTT broker ${broker.brokerUrl}: ${reason}`);
  }
  // Connection errors after the first connect are retried by the client; never let one crash the process.
  client.on('error', (err) => broker.onConnectionError?.(err));
  return client;
}

/**
 * Resolves once the client is connected and its socket has room, or once `stopping()` turns true.
 * While the broker is away nothing is published and event time does not advance past what was
 * sent: like a gateway that buffers, the run resumes where it was when the broker returns.
 */
export async function ready(client: MqttClient, stopping: () => boolean): Promise<void> {
  while (!client.connected && !stopping()) await new Promise((r) => setTimeout(r, 100));
  await drained(client);
}

/** Waits until the client's socket has room again (mqtt.js QoS 0 callbacks fire on write). */
export function drained(client: MqttClient): Promise<void> {
  const stream = client.stream as (NodeJS.WritableStream & { writableNeedDrain?: boolean }) | undefined;
  if (!client.connected || !stream?.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      client.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    client.once('close', done);
  });
}

export function endClient(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.end(false, {}, () => resolve()));
}
