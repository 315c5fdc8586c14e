// Two cloud instances on one PostgreSQL and one broker (MQTT v5 shared subscription): the alert
// stream is split between them, no alert is lost, no work order is duplicated, and concurrent
// writes through both instances resolve to one winner.
import { randomBytes } from 'node:crypto';
import { alertTopic, WorkOrderPageSchema } from '@pdm/shared';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../../src/config.js';
import { type CloudService, startCloud } from '../../src/start.js';
import { waitFor } from '../support/broker.js';
import { alertFactory } from '../support/fixtures.js';
import { GATEWAY_KEY } from '../support/harness.js';
import { MOSQUITTO_URL, mosquittoAvailable } from '../support/mosquitto.js';
import { pgAvailable, pgDatabases } from '../support/pg.js';

const enabled = (await pgAvailable()) && (await mosquittoAvailable());
const ASSETS = 10;
const MODES = ['bearing_wear', 'imbalance', 'cavitation'];
const PER_PAIR = 10;
const PASSWORD = 'multi-instance-admin';

describe.runIf(enabled)('two cloud instances on one PostgreSQL and one broker', () => {
  let dbs: Awaited<ReturnType<typeof pgDatabases>>;
  let instances: CloudService[] = [];
  let publisher: MqttClient;
  let token: string;
  const site = `it-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    dbs = await pgDatabases();
    const { db, url } = await dbs.fresh();
    await db.close();
    const shareGroup = `cloud-${randomBytes(3).toString('hex')}`;
    const config = loadCloudConfig(
      {},
      {
        databaseUrl: url,
        port: 0,
        logLevel: 'silent',
        mqtt: { url: MOSQUITTO_URL, shareGroup },
        bootstrap: { adminPassword: PASSWORD, gatewayKeys: [{ gatewayId: 'gw-1', key: GATEWAY_KEY }] },
      },
    );
    instances = await Promise.all(
      [0, 1].map(() => startCloud(config, { logger: pino({ level: 'silent' }) })),
    );
    publisher = await mqtt.connectAsync(MOSQUITTO_URL, { protocolVersion: 5, clientId: `pub-${site}` });
    const res = await fetch(`${instances[0]?.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    token = ((await res.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await publisher?.endAsync();
    for (const instance of instances) await instance.stop();
    await dbs?.dispose();
  });

  const call = async (
    instance: CloudService,
    path: string,
    init: { method?: string; body?: unknown; auth?: string } = {},
  ) => {
    const res = await fetch(`${instance.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${init.auth ?? token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('shares the alert stream, loses nothing and opens one work order per asset and failure mode', async () => {
    const next = alertFactory(21);
    const alerts = Array.from({ length: PER_PAIR }).flatMap(() =>
      Array.from({ length: ASSETS }).flatMap((_, a) =>
        MODES.map((failureMode) => next({ siteId: site, assetId: `${site}-a${a}`, failureMode })),
      ),
    );
    // Every alert twice, as an edge outbox resending after a lost acknowledgement would.
    for (const alert of [...alerts, ...alerts]) {
      await publisher.publishAsync(alertTopic(site, alert.assetId), JSON.stringify(alert), { qos: 1 });
    }
    const total = () => instances.reduce((n, i) => n + i.stats().alertsReceived, 0);
    await waitFor(() => (total() >= alerts.length * 2 ? true : undefined), 60_000);
    const stats = instances.map((i) => i.stats());
    expect(stats.every((s) => s.alertsReceived > 0)).toBe(true);
    expect(stats.reduce((n, s) => n + s.alertsDuplicate, 0)).toBe(alerts.length);
    expect(stats.reduce((n, s) => n + s.workOrders, 0)).toBe(ASSETS * MODES.length);

    const page = WorkOrderPageSchema.parse(
      (await call(instances[1]!, `/api/v1/work-orders?siteId=${site}&limit=200`)).body,
    );
    expect(page.items).toHaveLength(ASSETS * MODES.length);
    expect(new Set(page.items.map((w) => `${w.assetId}/${w.failureMode}`)).size).toBe(ASSETS * MODES.length);
    expect(page.items.every((w) => w.alertCount === PER_PAIR)).toBe(true);
  });

  it('answers replays of one alert through both instances with the same work order', async () => {
    const alert = alertFactory(22)({ siteId: site, assetId: `${site}-http`, failureMode: 'seal_leak' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(instances[i % 2]!, '/api/v1/alerts', { method: 'POST', body: alert, auth: GATEWAY_KEY }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(results.map((r) => r.body.workOrderId)).size).toBe(1);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
  });

  it('lets exactly one of 50 approvals spread over both instances win', async () => {
    const alert = alertFactory(23)({ siteId: site, assetId: `${site}-approve`, failureMode: 'overheating' });
    const created = await call(instances[0]!, '/api/v1/alerts', {
      method: 'POST',
      body: alert,
      auth: GATEWAY_KEY,
    });
    const id = created.body.workOrderId as string;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(instances[i % 2]!, `/api/v1/work-orders/${id}/transitions`, {
          method: 'POST',
          body: { to: 'approved' },
        }),
      ),
    );
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
  });
});
