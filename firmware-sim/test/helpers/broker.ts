import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';

export interface TestBroker {
  url: string;
  broker: Aedes;
  close(): Promise<void>;
}

/** A real aedes broker in this process, on loopback: an ephemeral port unless told one (restarts). */
export async function startBroker(
  opts: { requireAuth?: { username: string; password: string }; port?: number } = {},
): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  if (opts.requireAuth) {
    const { username, password } = opts.requireAuth;
    broker.authenticate = (_client, user, pass, done) => {
      const ok = user === username && pass?.toString() === password;
      done(null, ok);
    };
  }
  const server: Server = createServer(broker.handle);
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    broker,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Received {
  topic: string;
  payload: Buffer;
}

/** A subscriber that records every message on `filter`. */
export async function subscribe(
  url: string,
  filter: string,
  auth: { username?: string; password?: string } = {},
): Promise<{ client: MqttClient; messages: Received[] }> {
  const client = await mqtt.connectAsync(url, { clean: true, reconnectPeriod: 0, ...auth });
  const messages: Received[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, messages };
}

/** Polls until the condition holds (no fixed sleeps in tests). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
