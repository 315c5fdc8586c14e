// Regression: aedes 1.2.0 died with "Maximum call stack size exceeded" when the only subscriber
// disconnected during a QoS 0 flood. The embedded broker (its own process here) must survive the
// subscriber leaving mid-flood, again and again, and keep serving new clients.
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from '../src/chaos/cluster.js';
import { freePort } from '../src/chaos/ports.js';
import { ProcessGroup } from '../src/chaos/process.js';
import { FULL, Report } from '../src/chaos/report.js';
import { makeBrokerUsers } from '../src/chaos/users.js';

const ROUNDS = FULL ? 5 : 2;
const FLOOD = 60_000;
const report = new Report('embedded broker: subscriber leaves during a QoS 0 flood');

describe('embedded broker survives its only subscriber leaving mid-flood', () => {
  const group = new ProcessGroup();
  afterAll(async () => {
    report.print();
    await group.stopAll();
  });

  it(`${ROUNDS} rounds of ${FLOOD} messages`, async () => {
    const users = makeBrokerUsers();
    const port = await freePort();
    const broker = await startEmbedded(group, 'broker', port, Object.values(users));
    const url = `mqtt://127.0.0.1:${port}`;
    const login = (u: { username: string; password: string }) => ({
      username: u.username,
      password: u.password,
      reconnectPeriod: 0,
    });
    const payload = Buffer.from('{"ts":1700000000000,"readings":{"temp":40}}');
    let received = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const sub = await mqtt.connectAsync(url, login(users.edge));
      sub.on('message', () => {
        received++;
        if (received % 5_000 === 0) sub.stream.destroy();
      });
      await sub.subscribeAsync('pdm/v1/+/+/telemetry', { qos: 0 });
      const pub = await mqtt.connectAsync(url, login(users.sim));
      for (let i = 0; i < FLOOD; i++) {
        pub.publish('pdm/v1/plant-9/flood/telemetry', payload, { qos: 0 });
        if (i % 2_000 === 0) await new Promise((r) => setImmediate(r));
      }
      await pub.endAsync();
      await sub.endAsync(true).catch(() => undefined);
      expect(broker.running, broker.output()).toBe(true);
    }
    const after = await mqtt.connectAsync(url, login(users.edge));
    await after.endAsync();
    report.add(`${ROUNDS} rounds`, {
      published: ROUNDS * FLOOD,
      receivedBeforeLeaving: received,
      brokerUp: broker.running,
      crashes: broker.running ? 0 : 1,
    });
    expect(broker.running).toBe(true);
    expect(broker.output()).not.toMatch(/Maximum call stack/);
  }, 120_000);
});
