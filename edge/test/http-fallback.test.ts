import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Alert, AlertSchema } from '@pdm/shared';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../src/agent.js';
import { startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { BEARING_RULE, demoConfig, T0 } from './helpers/demo-config.js';
import { waitFor } from './helpers/wait.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup.length = 0;
});

describe('HTTP fallback uplink', () => {
  it('POSTs alerts with the bearer token while MQTT is down, and retries after a 503', async () => {
    const received: Alert[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      calls++;
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        if (calls === 1 || req.headers.authorization !== 'Bearer s3cret') {
          res.writeHead(503).end();
          return;
        }
        received.push(AlertSchema.parse(JSON.parse(body)));
        res.writeHead(202).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanup.push(() => new Promise((r) => server.close(r)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/alerts`;

    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const agent = await startAgent(
      demoConfig(broker.url, {
        rules: [{ ...BEARING_RULE, for: 0 }],
        uplink: {
          url: 'mqtt://127.0.0.1:9',
          retryMin: 50,
          retryMax: 100,
          http: { url, token: 's3cret', after: 0 },
        },
      }),
    );
    cleanup.push(() => agent.stop());
    const device = await mqtt.connectAsync(broker.url);
    cleanup.push(() => device.endAsync());
    for (let i = 0; i < 2; i++) {
      const sample = { ts: T0 + i * 1000, readings: { vib_rms: 9 } };
      await device.publishAsync(`pdm/v1/plant-1/pump-0${i}/telemetry`, JSON.stringify(sample), { qos: 1 });
    }
    await waitFor(() => received.length === 2, 'two alerts over HTTP', 15_000);
    expect(received.map((a) => a.assetId)).toEqual(['pump-00', 'pump-01']);
    expect(calls).toBeGreaterThan(2);
    await waitFor(() => agent.stats().outboxDepth === 0, 'outbox empty');
    expect(agent.stats().alertsDelivered).toBe(2);
  });
});
