import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Alert, AlertSchema } from '@pdm/shared';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { T0 } from './helpers/demo-config.js';
import { answerReceipts } from './helpers/receipts.js';
import { waitFor } from './helpers/wait.js';

const here = dirname(fileURLToPath(import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children.length = 0;
});

/** Start the agent process; resolves with a reader of its latest reported counters. */
async function agentProcess(
  args: string[],
): Promise<{ child: ChildProcess; last: () => { depth: number; opened: number } }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'fixtures', 'agent-process.ts'), ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  let last = { depth: -1, opened: -1 };
  let ready = false;
  child.stdout?.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      if (line === 'READY') ready = true;
      else if (line.startsWith('{')) last = JSON.parse(line);
    }
  });
  await waitFor(() => ready, 'agent process ready', 20_000);
  return { child, last: () => last };
}

describe('agent killed with SIGKILL', () => {
  it('leaves its last will (retained offline) and delivers committed alerts after a restart', async () => {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'pdm-edge-kill-'));
    try {
      // First life: the uplink points nowhere, so alerts stay in the outbox.
      const first = await agentProcess([broker.url, dataDir, 'mqtt://127.0.0.1:9']);
      const device = await mqtt.connectAsync(broker.url);
      for (let i = 0; i < 3; i++) {
        const sample = { ts: T0 + i * 1000, readings: { vib_rms: 9 } };
        await device.publishAsync(`pdm/v1/plant-1/asset-${i}/telemetry`, JSON.stringify(sample), { qos: 1 });
      }
      await waitFor(() => first.last().depth === 3, 'three alerts committed');
      first.child.kill('SIGKILL');

      // Second life, uplink on the broker: the will of the killed life is visible, then delivery.
      const cloud = await mqtt.connectAsync(broker.url);
      answerReceipts(cloud);
      const alerts: Alert[] = [];
      const statuses: { state: string; reason?: string }[] = [];
      cloud.on('message', (topic, p) => {
        if (topic.endsWith('/alerts')) alerts.push(AlertSchema.parse(JSON.parse(p.toString())));
        else statuses.push(JSON.parse(p.toString()));
      });
      await cloud.subscribeAsync(['pdm/v1/+/+/alerts', 'pdm/v1/gateways/gw-killed/status'], { qos: 1 });
      const second = await agentProcess([broker.url, dataDir]);
      await waitFor(() => alerts.length === 3, 'three alerts delivered after the restart', 20_000);
      expect(alerts.map((a) => a.assetId)).toEqual(['asset-0', 'asset-1', 'asset-2']);
      await waitFor(() => second.last().depth === 0, 'outbox empty');
      second.child.kill('SIGKILL');
      await waitFor(
        () => statuses.some((s) => s.state === 'offline' && s.reason?.includes('last will')),
        'last will',
      );
      await device.endAsync();
      await cloud.endAsync();
    } finally {
      await broker.close();
    }
  }, 60_000);
});
