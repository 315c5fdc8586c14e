// The MQTT transport's failure policy: a busy database is waited out (the message is ingested
// late, not lost); a message that keeps failing for another reason is dead-lettered so it cannot
// block the stream.
import { alertTopic } from '@pdm/shared';
import mqtt from 'mqtt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { type MqttIngest, startMqttIngest } from '../../src/ingest/mqtt-ingest.js';
import { startTestBroker, type TestBroker, waitFor } from '../support/broker.js';
import { alertFactory } from '../support/fixtures.js';
import { createHarness, type Harness } from '../support/harness.js';

/** The real database, whose next `failures` write transactions throw `error`. */
function failingWrites(db: Database, failures: number, error: () => unknown): Database {
  let left = failures;
  return {
    ...db,
    t: db.t,
    tx: (fn) => {
      if (left > 0) {
        left -= 1;
        return Promise.reject(error());
      }
      return db.tx(fn);
    },
  };
}

describe('MQTT ingest when writes fail', () => {
  let broker: TestBroker | undefined;
  let h: Harness | undefined;
  let ingest: MqttIngest | undefined;
  afterEach(async () => {
    await ingest?.stop();
    await h?.close();
    await broker?.close();
  });

  const run = async (db: (real: Database) => Database, count: number) => {
    broker = await startTestBroker();
    h = await createHarness();
    const ctx = { ...h.ctx, db: db(h.db) };
    ingest = await startMqttIngest(
      { ctx, counters: h.counters, logger: pino({ level: 'silent' }) },
      { url: broker.url },
    );
    const publisher = await mqtt.connectAsync(broker.url);
    const next = alertFactory(41);
    for (let i = 0; i < count; i++)
      await publisher.publishAsync(alertTopic('plant-1', 'pump-02'), JSON.stringify(next()), { qos: 1 });
    await publisher.endAsync();
  };

  it('waits out a busy database and ingests every message', async () => {
    const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    await run((real) => failingWrites(real, 4, busy), 2);
    await waitFor(() => (h!.counters.alertsReceived === 2 ? true : undefined), 15_000);
    expect(h!.counters).toMatchObject({ alertsReceived: 2, alertsRejected: 0, workOrders: 1 });
  });

  it('dead-letters a message that keeps failing and carries on with the next', async () => {
    await run((real) => failingWrites(real, 3, () => new Error('unexpected failure')), 2);
    await waitFor(
      () => (h!.counters.alertsReceived === 1 && h!.counters.alertsRejected === 1 ? true : undefined),
      15_000,
    );
    const dead = await h!.db.read((db) => db.select().from(h!.db.t.deadLetters));
    expect(dead).toMatchObject([
      { reason: 'ingest failed: unexpected failure', topic: 'pdm/v1/plant-1/pump-02/alerts' },
    ]);
  });
});
