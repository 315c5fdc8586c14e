import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddedBroker,
  filterCovers,
  startEmbeddedBroker,
  topicMatches,
} from '../src/io/embedded-broker.js';
import { waitFor } from './helpers/wait.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

describe('embedded broker: credentials and topic ACLs', () => {
  let broker: EmbeddedBroker;
  beforeAll(async () => {
    broker = await startEmbeddedBroker({
      port: 0,
      users: [
        { username: 'pump-01', password: 'p1-secret', publish: ['pdm/v1/plant-1/pump-01/telemetry'] },
        {
          username: 'edge',
          password: 'edge-secret',
          subscribe: ['pdm/v1/+/+/telemetry'],
          publish: ['pdm/v1/+/+/alerts'],
        },
      ],
    });
  });
  afterAll(() => broker.close());

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(mqtt.connectAsync(broker.url, { reconnectPeriod: 0 })).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    );
    await expect(
      mqtt.connectAsync(broker.url, { username: 'pump-01', password: 'nope', reconnectPeriod: 0 }),
    ).rejects.toThrow(/Bad username or password/i);
    expect(broker.denials().connect).toBeGreaterThanOrEqual(2);
  });

  it('lets a device publish only its own telemetry and the edge subscribe only to telemetry', async () => {
    const edge = await mqtt.connectAsync(broker.url, { username: 'edge', password: 'edge-secret' });
    const device = await mqtt.connectAsync(broker.url, { username: 'pump-01', password: 'p1-secret' });
    const got: string[] = [];
    edge.on('message', (topic) => got.push(topic));
    const granted = await edge.subscribeAsync('pdm/v1/+/+/telemetry');
    expect(granted.map((g) => g.qos)).toEqual([0]);
    await expect(edge.subscribeAsync('#')).rejects.toThrow(/Subscribe error/);
    // Publishing outside its ACL gets the device disconnected (MQTT 3.1.1 has no refusal packet).
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.publish('pdm/v1/plant-2/pump-09/telemetry', '{}', { qos: 0 });
    await closed;
    await waitFor(() => device.connected, 'device reconnected');
    await device.publishAsync('pdm/v1/plant-1/pump-01/telemetry', '{}', { qos: 1 });
    await waitFor(() => got.length === 1, 'own telemetry routed');
    expect(got).toEqual(['pdm/v1/plant-1/pump-01/telemetry']);
    expect(broker.denials()).toMatchObject({ publish: 1, subscribe: 1 });
    await edge.endAsync();
    await device.endAsync(true);
  });

  it('matches topics and filters like MQTT', () => {
    expect(topicMatches('pdm/v1/+/+/telemetry', 'pdm/v1/a/b/telemetry')).toBe(true);
    expect(topicMatches('pdm/v1/+/+/telemetry', 'pdm/v1/a/b/alerts')).toBe(false);
    expect(topicMatches('pdm/#', 'pdm')).toBe(true);
    expect(topicMatches('#', '$SYS/x')).toBe(false);
    expect(filterCovers('pdm/v1/+/+/telemetry', 'pdm/v1/plant-1/+/telemetry')).toBe(true);
    expect(filterCovers('pdm/v1/+/+/telemetry', 'pdm/v1/#')).toBe(false);
    expect(filterCovers('pdm/#', 'pdm/v1/+/x')).toBe(true);
  });
});

describe('aedes QoS0 flood when the only subscriber disconnects (stack overflow regression)', () => {
  const fixture = join(here, 'fixtures', 'plain-aedes-flood.ts');
  const tsx = join(here, '..', '..', 'node_modules', '.bin', 'tsx');

  it('kills a plain aedes 1.2.0 broker, and our guarded broker survives and still routes', async () => {
    // Both in parallel, each in its own process (the plain one is expected to die).
    const [plain, guarded] = await Promise.all([
      run(tsx, [fixture, 'plain'], { timeout: 40_000 }).catch((e: { stdout: string }) => e),
      run(tsx, [fixture, 'guarded'], { timeout: 40_000 }),
    ]);
    expect(plain.stdout).toContain('OVERFLOW');
    expect(guarded.stdout).toContain('SURVIVED');
  }, 60_000);
});
