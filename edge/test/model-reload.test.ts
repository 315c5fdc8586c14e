import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { groupByUnit, parseCmapss } from '@pdm/models/online';
import type { Alert } from '@pdm/shared';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../src/agent.js';
import { type EdgeConfig, parseEdgeConfig } from '../src/config.js';
import { startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { waitFor } from './helpers/wait.js';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, '..', '..', 'models', 'artifacts', 'rul-fd001');
const cmapss = join(here, '..', '..', '..', 'shared', 'datasets', 'cmapss');
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);
const TOPIC = 'pdm/v1/fd001/engine-001/telemetry';

/** Train engine 1 of FD001 (192 cycles to failure) as telemetry, one sample per cycle. */
function engineSamples(): { ts: number; readings: Record<string, number> }[] {
  const unit = groupByUnit(parseCmapss(readFileSync(join(cmapss, 'train_FD001.txt'), 'utf8'))).get(1) ?? [];
  return unit.map((row) => {
    const readings: Record<string, number> = {};
    row.settings.forEach((v, k) => {
      readings[`op_setting_${k + 1}`] = v;
    });
    row.sensors.forEach((v, k) => {
      readings[`sensor_${k + 1}`] = v;
    });
    return { ts: T0 + (row.cycle - 1) * HOUR, readings };
  });
}

function rulConfig(url: string, model: Record<string, unknown>): EdgeConfig {
  return parseEdgeConfig({
    gatewayId: 'gw-reload',
    logLevel: 'silent',
    source: { url },
    uplink: { receipts: false },
    storage: { outboxPath: ':memory:' },
    modelBatch: { size: 64, every: '100ms' },
    models: [{ id: 'rul', kind: 'rul', path: join(artifacts, 'v3'), horizon: 20, consecutive: 3, ...model }],
  });
}

describe('models hot-reload without a restart', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  it('swaps the artifact and threshold in keeping the cycle windows; refuses a bad card and keeps the running model', async () => {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const alerts: Alert[] = [];
    const config = rulConfig(broker.url, {});
    const agent = await startAgent(config, { logger, onAlertCommitted: (a) => alerts.push(a) });
    cleanup.push(() => agent.stop());
    const device = await mqtt.connectAsync(broker.url, { clientId: 'engine' });
    cleanup.push(() => device.endAsync(true));
    const samples = engineSamples();
    const send = async (from: number, to: number) => {
      for (let i = from; i < to; i += 20)
        await device.publishAsync(TOPIC, JSON.stringify(samples.slice(i, Math.min(to, i + 20))), { qos: 1 });
      await waitFor(() => agent.stats().samplesAccepted === to, `${to} cycles ingested`);
    };

    // 120 cycles: windows from cycle 30 on (the card's window) are scored.
    await send(0, 120);
    await waitFor(() => agent.stats().modelWindowsScored === 91, '91 windows scored', 20_000);

    // A card that does not fit its weights (window 31 against a model built for 30): refused.
    const bad = mkdtempSync(join(tmpdir(), 'pdm-rul-bad-'));
    cpSync(join(artifacts, 'v4'), bad, { recursive: true });
    const card = JSON.parse(readFileSync(join(bad, 'card.json'), 'utf8'));
    card.features.window = 31;
    writeFileSync(join(bad, 'card.json'), JSON.stringify(card));
    const refused = await agent.reload(rulConfig(broker.url, { path: bad }));
    expect(refused.refused.map((r) => r.id)).toEqual(['rul']);
    expect(refused.refused[0]?.error).toMatch(/feature mismatch/);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'model refused');
    expect(logged).toMatchObject({ level: 50, model: 'rul', path: bad });
    expect(logged.err).toMatch(/feature mismatch/);
    const missing = await agent.reload(rulConfig(broker.url, { path: join(bad, 'nope') }));
    expect(missing.refused[0]?.error).toMatch(/nope/);

    // The running model (v3) keeps scoring while refused ones are logged.
    await send(120, 130);
    await waitFor(() => agent.stats().modelWindowsScored === 101, 'v3 still scoring');

    // A new artifact and a new horizon: swapped in, windows kept (every cycle after the swap is scored
    // at once; a fresh window would wait 29 cycles before its first score).
    const swapped = await agent.reload(rulConfig(broker.url, { path: join(artifacts, 'v4'), horizon: 25 }));
    expect(swapped).toMatchObject({ loaded: ['rul'], refused: [] });
    await send(130, 192);
    await waitFor(() => agent.stats().modelWindowsScored === 163, 'every later cycle scored', 20_000);
    const open = alerts.find((a) => a.state === 'open');
    expect(open).toMatchObject({ version: 'rul-fd001@v4', threshold: 25, ruleOrModel: 'rul' });

    // Thresholds only: applied in place, the open alert stays open (no second open).
    const retuned = await agent.reload(rulConfig(broker.url, { path: join(artifacts, 'v4'), horizon: 22 }));
    expect(retuned).toMatchObject({ loaded: [], updated: ['rul'], refused: [] });
    expect(alerts.filter((a) => a.state === 'open')).toHaveLength(1);

    // The model removed from the config: the alert it held clears.
    const removed = await agent.reload({ ...config, models: [] });
    expect(removed.removed).toEqual(['rul']);
    expect(alerts.at(-1)).toMatchObject({ state: 'cleared', ruleOrModel: 'rul' });
  }, 120_000);

  it('keeps a RUL alert and its cycle windows across restarts; clears it (same openedAt) when the model says so', async () => {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'pdm-rul-restart-'));
    const withStore = (model: Record<string, unknown>): EdgeConfig => {
      const base = rulConfig(broker.url, { path: join(artifacts, 'v4'), ...model });
      return { ...base, storage: { ...base.storage, outboxPath: join(dataDir, 'edge.db') } };
    };
    const samples = engineSamples();
    const run = async (
      config: EdgeConfig,
      batch: { ts: number; readings: Record<string, number> }[],
      scored: number,
    ) => {
      const alerts: Alert[] = [];
      const agent = await startAgent(config, { onAlertCommitted: (a) => alerts.push(a) });
      const device = await mqtt.connectAsync(broker.url, { clientId: `engine-${Math.random()}` });
      for (let i = 0; i < batch.length; i += 20)
        await device.publishAsync(TOPIC, JSON.stringify(batch.slice(i, i + 20)), { qos: 1 });
      await waitFor(() => agent.stats().samplesAccepted === batch.length, 'cycles ingested');
      await waitFor(() => agent.stats().modelWindowsScored === scored, `${scored} windows scored`, 20_000);
      await device.endAsync(true);
      await agent.stop();
      return alerts;
    };
    // Engine 1 up to cycle 175: the RUL alert opens (about 28 cycles before its failure at 192).
    const first = await run(withStore({}), samples.slice(0, 175), 175 - 29);
    const open = first.find((a) => a.state === 'open');
    expect(open?.source).toBe('rul');
    // Restart: the stored cycle windows carry on, so each of the last 17 cycles is scored at once
    // (fresh windows would wait 30 cycles); the alert continues: no second open.
    const second = await run(withStore({}), samples.slice(175), 17);
    expect(second.filter((a) => a.state !== 'update')).toEqual([]);
    for (const a of second) expect(a.openedAt).toBe(open?.openedAt);
    // Restart with changed model inputs (minCycles): the stored windows do not fit and start again.
    // The engine was replaced: a new one runs 40 cycles and the restored alert clears.
    const after = samples.at(-1)?.ts ?? T0;
    const young = samples.slice(0, 40).map((s, i) => ({ ts: after + (i + 1) * HOUR, readings: s.readings }));
    const third = await run(withStore({ minCycles: 10 }), young, 31);
    expect(third.map((a) => [a.state, a.openedAt, a.ruleOrModel])).toEqual([
      ['cleared', open?.openedAt, 'rul'],
    ]);
  }, 120_000);
});
