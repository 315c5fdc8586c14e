// Rollups written through @influxdata/influxdb-client to a real InfluxDB v2 write API
// (VictoriaMetrics in CI, PDM_TEST_VM_URL) and read back through its query API.
import { randomUUID } from 'node:crypto';
import { type EdgeAgent, parseEdgeConfig, startAgent, startEmbeddedBroker } from '@pdm/edge';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findServer, SERVERS } from '../src/servers.js';

const vmUrl = await findServer(SERVERS.victoriaMetrics);
const T0 = Date.UTC(2026, 0, 5, 6, 0, 0);

async function exportSeries(
  url: string,
  selector: string,
): Promise<{ metric: Record<string, string>; values: number[]; timestamps: number[] }[]> {
  const res = await fetch(`${url}/api/v1/export?${new URLSearchParams({ 'match[]': selector })}`);
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

describe.skipIf(!vmUrl)('edge rollups -> InfluxDB v2 write API (VictoriaMetrics)', () => {
  const gatewayId = `gw-${randomUUID().slice(0, 8)}`;
  let agent: EdgeAgent;
  let close: () => Promise<void>;
  let brokerUrl: string;

  beforeAll(async () => {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    brokerUrl = broker.url;
    close = broker.close;
    agent = await startAgent(
      parseEdgeConfig({
        gatewayId,
        logLevel: 'silent',
        source: { url: broker.url },
        storage: { outboxPath: ':memory:' },
        influx: { url: vmUrl, token: 'unused', org: 'pdm', bucket: 'edge', flushInterval: 200 },
      }),
    );
  });
  afterAll(async () => {
    await agent?.stop();
    await close?.();
  });

  it('writes 1-minute min/mean/max per sensor that read back exactly', async () => {
    const device = await mqtt.connectAsync(brokerUrl);
    // Three full minutes of one sample every 10 s, values 0..17, plus one sample opening minute 4.
    const batch = Array.from({ length: 19 }, (_, i) => ({
      ts: T0 + i * 10_000,
      readings: { vib_rms: i, temp_c: 40 },
    }));
    await device.publishAsync('pdm/v1/plant-9/pump-01/telemetry', JSON.stringify(batch), { qos: 1 });
    await device.endAsync();
    const selector = `{__name__=~"telemetry_1m_(min|mean|max|count)",gateway="${gatewayId}",sensor="vib_rms"}`;
    let series: Awaited<ReturnType<typeof exportSeries>> = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      series = await exportSeries(vmUrl as string, selector);
      if (series.length === 4 && series.every((s) => s.values.length === 3)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const byName = Object.fromEntries(series.map((s) => [s.metric.__name__, s]));
    expect(byName.telemetry_1m_min?.values).toEqual([0, 6, 12]);
    expect(byName.telemetry_1m_max?.values).toEqual([5, 11, 17]);
    expect(byName.telemetry_1m_mean?.values).toEqual([2.5, 8.5, 14.5]);
    expect(byName.telemetry_1m_count?.values).toEqual([6, 6, 6]);
    expect(byName.telemetry_1m_mean?.timestamps).toEqual([T0, T0 + 60_000, T0 + 120_000]);
    expect(byName.telemetry_1m_mean?.metric).toMatchObject({ site: 'plant-9', asset: 'pump-01' });
    expect(agent.stats().rollupsWrittenInflux).toBeGreaterThanOrEqual(6);
  });
});
