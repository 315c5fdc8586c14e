// The simulator's two wire formats through a real broker into the real edge agent: every reading
// generated arrives, none is refused, and the alerts are the same whether the plant speaks JSON or
// Sparkplug B (metrics by DBIRTH alias or by name). Detection runs in event time, so they must be.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEdgeConfig, startAgent, startEmbeddedBroker } from '@pdm/edge';
import { generateSamples, loadScenario, runSimulation, type WireFormat } from '@pdm/firmware-sim';
import { type Alert, AlertSchema } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { until } from '../src/chaos/ports.js';
import { DEMO_RULES } from '../src/stack.js';

const scenario = loadScenario('quick-demo');

interface Outcome {
  readings: number;
  bad: number;
  alerts: string[];
}

async function runThrough(format: WireFormat, sparkplugAliases = true): Promise<Outcome> {
  const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
  const alerts: Alert[] = [];
  const agent = await startAgent(
    parseEdgeConfig({
      gatewayId: 'gw-formats',
      logLevel: 'silent',
      source: { url: broker.url },
      uplink: { receipts: false },
      storage: { dataDir: mkdtempSync(join(tmpdir(), `pdm-formats-${format}-`)) },
      rules: DEMO_RULES,
    }),
    { onAlertCommitted: (a) => alerts.push(AlertSchema.parse(a)) },
  );
  try {
    const expected = countReadings();
    await runSimulation({
      scenario,
      brokerUrl: broker.url,
      speed: Number.POSITIVE_INFINITY,
      format,
      sparkplugAliases,
    }).done;
    await until(`${format}: every reading`, () => agent.stats().readingsAccepted >= expected, 60_000);
    const stats = agent.stats();
    return {
      readings: stats.readingsAccepted,
      bad: Object.values(stats.badMessages).reduce((a, b) => a + b, 0),
      // Ids differ per run; everything else about an alert event must not.
      alerts: alerts.map((a) => `${a.assetId} ${a.ruleOrModel} ${a.state} ${a.severity} ${a.observedAt}`),
    };
  } finally {
    await agent.stop();
    await broker.close();
  }
}

function countReadings(): number {
  let n = 0;
  for (const { sample } of generateSamples(scenario)) n += Object.keys(sample.readings).length;
  return n;
}

describe('simulator wire formats into the edge agent', () => {
  it('JSON and Sparkplug B (by alias and by name) deliver every reading and give the same alerts', async () => {
    const expected = countReadings();
    const json = await runThrough('json');
    const byAlias = await runThrough('sparkplug');
    const byName = await runThrough('sparkplug', false);
    expect(json).toMatchObject({ readings: expected, bad: 0 });
    expect(json.alerts.some((a) => a.startsWith('pump-02 vib-sustained open'))).toBe(true);
    expect(byAlias).toEqual(json);
    expect(byName).toEqual(json);
  }, 180_000);
});
