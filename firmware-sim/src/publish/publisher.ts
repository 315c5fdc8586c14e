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
  /** Resolves once every queued message has been handed to the socket. */
  flush(): Promise<void>;
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
  try {
    return await mqtt.connectAsync(broker.brokerUrl, options, false);
  } catch (err) {
    throw new AppError(
      'UNAVAILABLE',
      `cannot connect to MQTT broker ${broker.brokerUrl}: ${(err as Error).message}`,
    );
  }
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
