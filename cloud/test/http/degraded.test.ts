// Under pressure: a locked database answers 503 and loses nothing, a flood of bad alerts keeps a
// bounded sample, and a disabled account stops working within the credential cache's few seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { MAX_DEAD_LETTERS_PER_MINUTE } from '../../src/services/record-dead-letter.js';
import { alertFactory } from '../support/fixtures.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('degraded conditions', () => {
  let h: Harness | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with retry-after while another writer holds the lock, then ingests the retry once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-cloud-busy-'));
    const path = join(dir, 'cloud.db');
    h = await createHarness({
      db: await openDatabase({ databaseUrl: path, dataDir: dir, databaseBusyTimeoutMs: 200 }),
    });
    const gateway = await h.auth('gateway');
    const alert = alertFactory(12)();
    const other = new BetterSqlite3(path);
    other.exec('BEGIN IMMEDIATE');
    const busy = await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: gateway,
      payload: alert,
    });
    other.exec('COMMIT');
    other.close();
    expect(busy.statusCode, busy.body).toBe(503);
    expect(busy.json().error.code).toBe('UNAVAILABLE');
    expect(busy.headers['retry-after']).toBe('1');
    const retry = await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: gateway,
      payload: alert,
    });
    expect(retry.json()).toMatchObject({ outcome: 'created', duplicate: false });
    expect(await h.db.read((db) => db.select().from(h!.db.t.alerts))).toHaveLength(1);
  });

  it('counts every bad alert of a flood but keeps only a sample', async () => {
    h = await createHarness();
    const gateway = await h.auth('gateway');
    const next = alertFactory(13);
    const flood = MAX_DEAD_LETTERS_PER_MINUTE + 50;
    for (let i = 0; i < flood; i++) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/alerts',
        headers: gateway,
        payload: { ...next(), score: 'NaN' },
      });
      expect(res.statusCode).toBe(400);
    }
    expect(h.counters.alertsRejected).toBe(flood);
    expect(await h.db.read((db) => db.select().from(h!.db.t.deadLetters))).toHaveLength(
      MAX_DEAD_LETTERS_PER_MINUTE,
    );
    h.clock.advance(61_000);
    await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: gateway,
      payload: { ...next(), score: 'NaN' },
    });
    expect(await h.db.read((db) => db.select().from(h!.db.t.deadLetters))).toHaveLength(
      MAX_DEAD_LETTERS_PER_MINUTE + 1,
    );
  });

  it('stops accepting a disabled account within five seconds', async () => {
    h = await createHarness();
    const planner = await h.auth('planner');
    const get = () => h!.app.inject({ method: 'GET', url: '/api/v1/job-plans', headers: planner });
    expect((await get()).statusCode).toBe(200);
    const { users } = h.db.t;
    await h.db.tx(async (tx) => {
      await tx.update(users).set({ disabled: true }).where(eq(users.id, 'planner-1'));
    });
    h.clock.advance(5_001);
    expect((await get()).statusCode).toBe(401);
  });
});
