// With a fixed client id the broker keeps the cloud's session: alerts published while the
// service was down are delivered when it comes back, and nothing is counted twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertTopic } from '@pdm/shared';
import mqtt from 'mqtt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../../src/config.js';
import { startCloud } from '../../src/start.js';
import { startTestBroker, type TestBroker, waitFor } from '../support/broker.js';
import { alertFactory } from '../support/fixtures.js';

describe('cloud restarts with a persistent MQTT session', () => {
  let broker: TestBroker | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await broker?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('receives the alerts published while it was stopped', async () => {
    broker = await startTestBroker();
    dir = mkdtempSync(join(tmpdir(), 'pdm-cloud-session-'));
    const config = loadCloudConfig(
      {},
      {
        dataDir: dir,
        port: 0,
        logLevel: 'silent',
        jobs: { enabled: false },
        mqtt: { url: broker.url, clientId: 'cloud-1' },
      },
    );
    const logger = pino({ level: 'silent' });
    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'edge-1' });
    const next = alertFactory(31);
    const topic = alertTopic('plant-1', 'pump-02');

    const first = await startCloud(config, { logger });
    await publisher.publishAsync(topic, JSON.stringify(next()), { qos: 1 });
    await waitFor(() => (first.stats().alertsReceived === 1 ? true : undefined));
    await first.stop();

    const whileDown = [next(), next(), next()];
    for (const alert of whileDown) await publisher.publishAsync(topic, JSON.stringify(alert), { qos: 1 });

    const second = await startCloud(config, { logger });
    try {
      await waitFor(() => (second.stats().alertsReceived === 3 ? true : undefined));
      expect(second.stats()).toEqual({
        alertsReceived: 3,
        alertsDuplicate: 0,
        alertsRejected: 0,
        workOrders: 0,
      });
    } finally {
      await second.stop();
      await publisher.endAsync();
    }
  });
});
