// R14: MQTT access control on both brokers we ship configurations for (the embedded broker and
// Mosquitto): anonymous and wrong-password clients are refused, a device cannot publish into
// another site or forge alerts, nobody may subscribe to `#`; privileged subscribers see no leak.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from '../src/chaos/cluster.js';
import { startMosquitto } from '../src/chaos/mosquitto.js';
import { freePort } from '../src/chaos/ports.js';
import { type ManagedProcess, ProcessGroup } from '../src/chaos/process.js';
import { Report } from '../src/chaos/report.js';
import { type BrokerUser, makeBrokerUsers } from '../src/chaos/users.js';

const report = new Report('R14 MQTT access control');
const settle = () => new Promise((r) => setTimeout(r, 500));

async function tryConnect(url: string, login: { username?: string; password?: string }): Promise<string> {
  try {
    const c = await mqtt.connectAsync(url, { ...login, reconnectPeriod: 0, connectTimeout: 5_000 });
    await c.endAsync(true);
    return 'accepted';
  } catch (err) {
    return `refused: ${(err as Error).message}`;
  }
}

const connectAs = (url: string, u: BrokerUser) =>
  mqtt.connectAsync(url, { username: u.username, password: u.password, reconnectPeriod: 0 });

afterAll(() => report.print());

describe.each(['embedded', 'mosquitto'] as const)('R14: %s broker', (kind) => {
  const group = new ProcessGroup();
  const dir = mkdtempSync(join(tmpdir(), 'pdm-r14-'));
  const clients: MqttClient[] = [];
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    await group.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses strangers and keeps every client inside its topics', async () => {
    const users = makeBrokerUsers();
    const port = await freePort();
    const broker: ManagedProcess =
      kind === 'embedded'
        ? await startEmbedded(group, 'broker', port, Object.values(users))
        : await startMosquitto(group, { dir, port, users: Object.values(users) });
    const url = `mqtt://127.0.0.1:${port}`;
    const anonymous = await tryConnect(url, {});
    const wrongPassword = await tryConnect(url, { username: users.siteA.username, password: 'guess-1234' });
    const unknownUser = await tryConnect(url, { username: 'root', password: users.edge.password });

    // Privileged listeners: the edge on all telemetry, the cloud on all alerts.
    const leaks: string[] = [];
    const edge = await connectAs(url, users.edge);
    const cloud = await connectAs(url, users.cloud);
    clients.push(edge, cloud);
    for (const c of [edge, cloud]) c.on('message', (topic) => leaks.push(topic));
    await edge.subscribeAsync('pdm/v1/+/+/telemetry', { qos: 1 });
    await cloud.subscribeAsync('pdm/v1/+/+/alerts', { qos: 1 });

    // A device of site-a: its own site works, everything else must not arrive anywhere.
    const device = await connectAs(url, users.siteA);
    clients.push(device);
    const spied: string[] = [];
    device.on('message', (topic) => spied.push(topic));
    const granted = await device.subscribeAsync('#', { qos: 0 }).catch(() => [{ qos: 128 }]);
    const sub2 = await device.subscribeAsync('pdm/v1/+/+/alerts', { qos: 0 }).catch(() => [{ qos: 128 }]);
    await device.publishAsync('pdm/v1/site-a/m1/telemetry', '{"ok":1}', { qos: 0 });
    await settle();
    const allowedArrived = leaks.filter((t) => t === 'pdm/v1/site-a/m1/telemetry').length;
    leaks.length = 0;
    const forbidden = [
      'pdm/v1/site-b/m1/telemetry',
      'pdm/v1/site-a/m1/alerts',
      'pdm/v1/gateways/gw-1/status',
      'spBv1.0/site-b/NDATA/n1',
    ];
    for (const topic of forbidden)
      await device.publishAsync(topic, '{"forged":true}', { qos: 0 }).catch(() => undefined);
    // Traffic from others that a `#` subscription would reveal.
    const sim = await connectAs(url, users.sim);
    clients.push(sim);
    await sim.publishAsync('pdm/v1/site-b/m9/telemetry', '{"secret":1}', { qos: 1 });
    await settle();
    broker.signal('SIGUSR2');
    const denials =
      kind === 'embedded' ? ((await broker.waitForOutput(/broker denials (\{.*\})/, 5_000))[1] ?? '') : 'n/a';
    const figures = {
      anonymous: anonymous.startsWith('refused'),
      wrongPassword: wrongPassword.startsWith('refused'),
      unknownUser: unknownUser.startsWith('refused'),
      subscribeHashGranted: (granted[0]?.qos ?? 128) < 128,
      subscribeAlertsGranted: (sub2[0]?.qos ?? 128) < 128,
      forgedPublishes: forbidden.length,
      leaks: leaks.filter((t) => t !== 'pdm/v1/site-b/m9/telemetry').length,
      spied: spied.length,
      ownSiteDelivered: allowedArrived,
      denials,
    };
    report.add(kind, figures);
    // Mosquitto grants any subscription and applies read ACLs to each message it would deliver
    // (`spied` must stay 0); the embedded broker refuses the subscription itself.
    const refusesSubscribe = kind === 'embedded';
    expect(figures).toMatchObject({
      anonymous: true,
      wrongPassword: true,
      unknownUser: true,
      ...(refusesSubscribe ? { subscribeHashGranted: false, subscribeAlertsGranted: false } : {}),
      leaks: 0,
      spied: 0,
      ownSiteDelivered: 1,
    });
  }, 60_000);
});
