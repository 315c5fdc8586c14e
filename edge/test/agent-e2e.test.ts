import { type Alert, AlertSchema, GatewayStatusSchema, ulidTime } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { type EdgeAgent, startAgent } from '../src/agent.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { demoConfig, demoSamples, STEP, T0 } from './helpers/demo-config.js';
import { answerReceipts } from './helpers/receipts.js';
import { waitFor } from './helpers/wait.js';

describe('end to end: devices -> embedded broker -> agent -> outbox -> QoS1 alerts', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  async function setup(): Promise<{
    broker: EmbeddedBroker;
    agent: EdgeAgent;
    cloud: MqttClient;
    alerts: Alert[];
    device: MqttClient;
  }> {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const cloud = await mqtt.connectAsync(broker.url, { clientId: 'cloud' });
    answerReceipts(cloud);
    cleanup.push(() => cloud.endAsync(true));
    const alerts: Alert[] = [];
    cloud.on('message', (topic, payload) => {
      if (topic.endsWith('/alerts')) alerts.push(AlertSchema.parse(JSON.parse(payload.toString())));
    });
    await cloud.subscribeAsync('pdm/v1/+/+/alerts', { qos: 1 });
    const agent = await startAgent(demoConfig(broker.url));
    cleanup.push(() => agent.stop());
    const device = await mqtt.connectAsync(broker.url, { clientId: 'sim' });
    cleanup.push(() => device.endAsync(true));
    return { broker, agent, cloud, alerts, device };
  }

  it('raises bearing_wear on pump-02 once, never on motor-01 spikes, then clears', async () => {
    const { agent, alerts, device } = await setup();
    const samples = demoSamples(360);
    for (const s of samples) await device.publishAsync(s.topic, s.payload, { qos: 1 });
    await waitFor(() => agent.stats().samplesAccepted === samples.length, 'all samples ingested');
    await waitFor(() => alerts.some((a) => a.state === 'cleared'), 'the clear to arrive');

    expect(alerts.every((a) => a.assetId === 'pump-02' && a.failureMode === 'bearing_wear')).toBe(true);
    const [open, ...rest] = alerts;
    expect(open?.state).toBe('open');
    expect(open?.severity).toBe('major');
    // Above 7.1 from step 201 (3 + 7 * 141/240 > 7.1); held for 10 minutes = 60 steps of 10 s.
    const firstAbove = T0 + 201 * STEP;
    expect(open?.openedAt).toBe(firstAbove + 60 * STEP);
    const evidence = open?.evidence.vib_rms ?? [];
    expect(evidence[0]?.[0]).toBe(firstAbove);
    expect(evidence.every(([, v]) => v > 7.1)).toBe(true);
    expect(rest.map((a) => a.state)).toEqual(['update', 'cleared']);
    expect(rest[0]?.severity).toBe('critical');
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
    expect(ulidTime(open?.id ?? '')).toBe(open?.observedAt);
    await waitFor(
      () => agent.stats().outboxDepth === 0 && agent.stats().alertsDelivered === 3,
      'outbox drained',
    );
    expect(agent.stats()).toMatchObject({ alertsOpened: 1, alertsCleared: 1, readingsRejected: 0 });
  });

  it('publishes a retained online status and counts bad messages without crashing', async () => {
    const { broker, agent, device } = await setup();
    await device.publishAsync('pdm/v1/plant-1/pump-01/telemetry', '{not json', { qos: 1 });
    await device.publishAsync(
      'pdm/v1/plant-1/pump-01/telemetry',
      JSON.stringify({ ts: T0, readings: { vib_rms: 'x' } }),
      {
        qos: 1,
      },
    );
    await device.publishAsync(
      'pdm/v1/plant-1/pump-01/telemetry',
      '{"ts":1767600000000,"readings":{"vib_rms":1e400}}',
      {
        qos: 1,
      },
    );
    await device.publishAsync(
      'pdm/v1/plant-1/pump-01/telemetry',
      JSON.stringify({ ts: T0, readings: { vib_rms: 500 } }),
      {
        qos: 1,
      },
    );
    await waitFor(() => agent.stats().messages === 4, 'four messages');
    expect(agent.stats().badMessages).toMatchObject({ invalid_json: 1, invalid_schema: 2, out_of_range: 1 });
    expect(agent.badMessages().map((b) => b.reason)).toEqual([
      'invalid_json',
      'invalid_schema',
      'invalid_schema',
      'out_of_range',
    ]);
    expect(agent.badMessages()[2]?.detail).toContain('readings.vib_rms');

    const watcher = await mqtt.connectAsync(broker.url, { clientId: 'watcher' });
    cleanup.push(() => watcher.endAsync(true));
    const statuses: unknown[] = [];
    watcher.on('message', (_t, p) => statuses.push(JSON.parse(p.toString())));
    await watcher.subscribeAsync('pdm/v1/gateways/+/status', { qos: 1 });
    const status = GatewayStatusSchema.parse(await waitFor(() => statuses[0], 'retained status'));
    expect(status).toMatchObject({ gatewayId: 'gw-test', state: 'online' });
  });
});
