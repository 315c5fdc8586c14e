import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert, createUlidFactory, seededRandom } from '@pdm/shared';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { type EdgeAgent, startAgent } from '../src/agent.js';
import { type EdgeConfig, parseEdgeConfig } from '../src/config.js';
import { EdgeStore } from '../src/io/edge-store.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../src/io/embedded-broker.js';
import { waitFor } from './helpers/wait.js';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const STEP = 10_000;
const TOPIC = 'pdm/v1/plant-1/pump-07/telemetry';

function restartConfig(url: string, dataDir: string, rules: EdgeConfig['rules'] | unknown[]): EdgeConfig {
  return parseEdgeConfig({
    gatewayId: 'gw-restart',
    logLevel: 'silent',
    source: { url },
    uplink: { retryMin: 50, retryMax: 500, receipts: false },
    storage: { dataDir },
    alerts: { cooldown: '5m' },
    rules,
  });
}

const VIB_RULE = {
  id: 'vib-high',
  kind: 'threshold',
  sensor: 'vib_rms',
  above: 7.1,
  clearBelow: 6.5,
  failureMode: 'bearing_wear',
  severity: 'major',
  escalate: [{ at: 9.5, severity: 'critical' }],
};

describe('alert state and outbox rows in one transaction', () => {
  it('stores neither when the state write fails, both when it succeeds', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pdm-edge-state-')), 'edge.db');
    const store = new EdgeStore(path, { maxBytes: 64 * 2 ** 20, maxAlertRows: 1_000 });
    const mint = createUlidFactory(seededRandom(9));
    const alert = (i: number): Alert => ({
      id: mint(T0 + i),
      gatewayId: 'gw',
      siteId: 'plant-1',
      assetId: `pump-${i}`,
      source: 'rule',
      ruleOrModel: 'vib-high',
      version: '1',
      failureMode: 'bearing_wear',
      severity: 'major',
      state: 'open',
      openedAt: T0,
      observedAt: T0,
      score: 8,
      threshold: 7.1,
      evidence: {},
    });
    const record = (a: Alert) => ({
      siteId: a.siteId,
      assetId: a.assetId,
      failureMode: a.failureMode,
      open: {
        openId: a.id,
        openedAt: a.openedAt,
        severity: a.severity,
        lastSentAt: T0,
        distance: 1,
        sources: [],
      },
      cooldownUntil: null,
    });
    const ok = alert(1);
    store.enqueue(ok, T0, record(ok));
    expect(store.depth).toBe(1);
    expect(store.alertStates().records.map((r) => r.open?.openId)).toEqual([ok.id]);
    // Make the state write fail inside the transaction: the outbox row must roll back with it.
    const raw = new Database(path);
    raw.exec(
      `CREATE TRIGGER no_state BEFORE INSERT ON alert_state BEGIN SELECT RAISE(ABORT, 'refused'); END`,
    );
    raw.close();
    const refused = alert(2);
    expect(() => store.enqueue(refused, T0, record(refused))).toThrow(/refused/);
    expect(store.depth).toBe(1);
    expect(store.pending(0, 10).map((r) => r.id)).toEqual([ok.id]);
    expect(store.alertStates().records).toHaveLength(1);
    store.close();
  });
});

describe('open alerts survive a restart (state stored with the outbox rows in SQLite)', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  async function run(
    broker: EmbeddedBroker,
    config: EdgeConfig,
    values: [number, number][],
  ): Promise<{ alerts: Alert[]; stats: ReturnType<EdgeAgent['stats']> }> {
    const alerts: Alert[] = [];
    const agent = await startAgent(config, { onAlertCommitted: (a) => alerts.push(a) });
    const device = await mqtt.connectAsync(broker.url, { clientId: `dev-${Math.random()}` });
    for (const [step, vib] of values)
      await device.publishAsync(TOPIC, JSON.stringify({ ts: T0 + step * STEP, readings: { vib_rms: vib } }), {
        qos: 1,
      });
    await waitFor(() => agent.stats().samplesAccepted === values.length, 'samples ingested');
    await device.endAsync(true);
    const stats = agent.stats();
    await agent.stop();
    return { alerts, stats };
  }

  it('continues the open alert after a restart (update, then cleared, same openedAt), keeps the cool-down', async () => {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'pdm-edge-restart-'));
    const config = restartConfig(broker.url, dataDir, [VIB_RULE]);

    const first = await run(broker, config, [
      [0, 5],
      [1, 8],
      [2, 8.2],
    ]);
    expect(first.alerts.map((a) => [a.state, a.severity])).toEqual([['open', 'major']]);
    const open = first.alerts[0] as Alert;
    const stored = new Database(join(dataDir, 'edge.db'), { readonly: true });
    const row = stored.prepare('SELECT state FROM alert_state').get() as { state: string };
    stored.close();
    expect(JSON.parse(row.state).open).toMatchObject({ openId: open.id, openedAt: open.openedAt });

    // Restart: the condition continues and worsens -> an update of the same alert, never a second open.
    const second = await run(broker, config, [
      [3, 8.1],
      [4, 9.8],
      [5, 9.9],
    ]);
    expect(second.alerts.map((a) => [a.state, a.severity, a.openedAt])).toEqual([
      ['update', 'critical', open.openedAt],
    ]);
    expect(second.stats.alertsOpened).toBe(0);

    // Restart again: the condition ends -> cleared, same alert (severity kept: it never drops while open).
    const third = await run(broker, config, [
      [6, 7.0],
      [7, 6.0],
    ]);
    expect(third.alerts.map((a) => [a.state, a.severity, a.openedAt])).toEqual([
      ['cleared', 'critical', open.openedAt],
    ]);
    expect(third.alerts[0]?.observedAt).toBe(T0 + 7 * STEP);

    // Restart inside the cool-down (5 min after the clear): a new excursion stays quiet;
    // after it, a new alert opens with its own openedAt.
    const fourth = await run(broker, config, [
      [8, 8],
      [9, 6],
      [40, 6],
      [41, 8],
    ]);
    expect(fourth.alerts.map((a) => [a.state, a.openedAt])).toEqual([['open', T0 + 41 * STEP]]);
    const ids = [open, ...second.alerts, ...third.alerts, ...fourth.alerts].map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 60_000);

  it('clears a restored alert whose rule is no longer configured, at start', async () => {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'pdm-edge-restart-'));
    const first = await run(broker, restartConfig(broker.url, dataDir, [VIB_RULE]), [[0, 8]]);
    expect(first.alerts.map((a) => a.state)).toEqual(['open']);
    const otherRule = { ...VIB_RULE, id: 'vib-other', sensor: 'temp_c', above: 90, clearBelow: 80 };
    const second = await run(broker, restartConfig(broker.url, dataDir, [otherRule]), [[1, 8]]);
    expect(second.alerts.map((a) => [a.state, a.ruleOrModel, a.openedAt])).toEqual([
      ['cleared', 'vib-high', first.alerts[0]?.openedAt],
    ]);
  }, 60_000);

  it('ignores a damaged stored state row (logged), and the agent still starts', async () => {
    const broker = await startEmbeddedBroker({ port: 0, allowAnonymous: true });
    cleanup.push(() => broker.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'pdm-edge-restart-'));
    await run(broker, restartConfig(broker.url, dataDir, [VIB_RULE]), [[0, 8]]);
    const db = new Database(join(dataDir, 'edge.db'));
    db.prepare(`UPDATE alert_state SET state = json_set(state, '$.open.severity', 'apocalyptic')`).run();
    db.close();
    // The damaged row is skipped: the condition seen again opens a new alert.
    const second = await run(broker, restartConfig(broker.url, dataDir, [VIB_RULE]), [[1, 8]]);
    expect(second.alerts.map((a) => a.state)).toEqual(['open']);
  }, 60_000);
});
