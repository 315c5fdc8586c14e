import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeAgent, startAgent } from '../src/agent.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { demoConfig, T0 } from './helpers/demo-config.js';
import { waitFor } from './helpers/wait.js';

describe('metrics and health over HTTP', () => {
  let broker: EmbeddedBroker;
  let agent: EdgeAgent;
  beforeAll(async () => {
    broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    agent = await startAgent(demoConfig(broker.url, { metrics: { port: 0 } }));
  });
  afterAll(async () => {
    await agent.stop();
    await broker.close();
  });

  it('serves Prometheus text with samples, bad messages by reason, alerts, outbox depth and loop lag', async () => {
    const device = await mqtt.connectAsync(broker.url);
    await device.publishAsync('pdm/v1/p/a/telemetry', JSON.stringify({ ts: T0, readings: { vib_rms: 1 } }), {
      qos: 1,
    });
    await device.publishAsync('pdm/v1/p/a/telemetry', 'nope', { qos: 1 });
    await device.endAsync();
    await waitFor(() => agent.stats().messages === 2, 'two messages');
    const res = await fetch(`${agent.metricsUrl}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('pdm_edge_readings_total 1');
    expect(text).toContain('pdm_edge_bad_messages_total{reason="invalid_json"} 1');
    expect(text).toContain('pdm_edge_alerts_total{state="open"} 0');
    expect(text).toContain('pdm_edge_outbox_depth 0');
    expect(text).toMatch(/pdm_edge_event_loop_lag_ms \d/);
    const health = await fetch(`${agent.metricsUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ state: 'online', sourceConnected: true });
    expect((await fetch(`${agent.metricsUrl}/nothing`)).status).toBe(404);
  });
});
