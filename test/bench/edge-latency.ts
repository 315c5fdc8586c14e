// `pnpm bench edge-latency [--json] [--alerts 200]`: time from publishing an offending sample to the
// alert being committed in the SQLite outbox (WAL, synchronous=FULL), while 1,000 assets stream
// background telemetry through Mosquitto (PDM_TEST_MOSQUITTO_URL) or, without it, the embedded broker.
import { randomUUID } from 'node:crypto';
import { parseEdgeConfig, startAgent, startEmbeddedBroker } from '@pdm/edge';
import { seededRandom } from '@pdm/shared';
import mqtt from 'mqtt';
import { ASSETS, assetId, reading } from './edge-pipeline.js';
import { option, quantile, report } from './lib/report.js';

const STEP_MS = 10_000;

async function brokerUrl(): Promise<{ url: string; kind: string; close: () => Promise<void> }> {
  const url = process.env.PDM_TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:18830';
  const probe = await mqtt
    .connectAsync(url, { reconnectPeriod: 0, connectTimeout: 1_000 })
    .catch(() => undefined);
  if (probe) {
    await probe.endAsync();
    return { url, kind: 'mosquitto', close: async () => {} };
  }
  const embedded = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
  return { url: embedded.url, kind: 'embedded aedes', close: embedded.close };
}

export async function latencyFigures(args: readonly string[]): Promise<Record<string, number | string>> {
  const wanted = Number(option(args, '--alerts', '200'));
  const broker = await brokerUrl();
  const site = `lat-${randomUUID().slice(0, 6)}`;
  const sentAt = new Map<number, bigint>();
  const latencies: number[] = [];
  const agent = await startAgent(
    parseEdgeConfig({
      gatewayId: `gw-${site}`,
      logLevel: 'silent',
      source: { url: broker.url },
      storage: { outboxPath: ':memory:' },
      alerts: { cooldown: 0 },
      rules: [
        {
          id: 'vib',
          kind: 'threshold',
          sensor: 'vib_rms',
          above: 7.1,
          clearBelow: 6.5,
          failureMode: 'bearing_wear',
        },
      ],
    }),
    {
      onAlertCommitted: (alert) => {
        const sent = sentAt.get(alert.observedAt);
        if (alert.siteId === site && sent !== undefined)
          latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      },
    },
  );
  const device = await mqtt.connectAsync(broker.url, { clientId: `lat-pub-${site}` });
  const rnd = seededRandom(3);
  const start = Date.UTC(2026, 0, 5);
  // Every 20 ms: 100 background messages (5,000 msgs/s, 50,000 readings/s) and one probe sample
  // that alternates above and below the threshold, so each probe opens or clears an alert.
  for (let i = 0; latencies.length < wanted && i < wanted * 20; i++) {
    for (let k = 0; k < 100; k++) {
      const a = (i * 100 + k) % ASSETS;
      device.publish(`pdm/v1/${site}/${assetId(a)}/telemetry`, reading(a, i, rnd, STEP_MS), { qos: 0 });
    }
    const ts = start + i * STEP_MS;
    sentAt.set(ts, process.hrtime.bigint());
    const vib = i % 2 === 0 ? 9 : 3;
    device.publish(`pdm/v1/${site}/probe/telemetry`, JSON.stringify({ ts, readings: { vib_rms: vib } }), {
      qos: 0,
    });
    await new Promise((r) => setTimeout(r, 20));
  }
  await device.endAsync();
  await agent.stop();
  await broker.close();
  return {
    latency_broker: broker.kind,
    latency_alerts: latencies.length,
    alert_latency_p50_ms: Number(quantile(latencies, 0.5).toFixed(2)),
    alert_latency_p99_ms: Number(quantile(latencies, 0.99).toFixed(2)),
    alert_latency_max_ms: Number(Math.max(...latencies).toFixed(2)),
    latency_background_msgs_per_s: 5_000,
  };
}

export async function main(args: string[]): Promise<void> {
  report('edge alert latency: offending sample -> outbox commit', await latencyFigures(args), args);
}
