// PostgreSQL for tests: PDM_TEST_PG_URL names a server where we may create databases. In CI a
// missing server fails the run; on a developer machine the suites skip with a message.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';

export const PG_URL = process.env.PDM_TEST_PG_URL;

/** `describe` or `describe.skip`, with the reason printed once when skipping. */
export function pgAvailable(): boolean {
  if (PG_URL) return true;
  if (process.env.CI)
    throw new Error('PDM_TEST_PG_URL is not set: CI must start PostgreSQL (.ci/services.sh)');
  console.warn(
    'PostgreSQL suites skipped: set PDM_TEST_PG_URL=postgres://pdm:pdm@127.0.0.1:15432/pdm to run them',
  );
  return false;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A migrated template database for one test file; `fresh()` copies it into a new database per
 * test (fast), `dispose()` drops everything this file created.
 */
export async function pgDatabases(): Promise<{
  fresh(): Promise<{ db: Database; url: string }>;
  dispose(): Promise<void>;
}> {
  if (!PG_URL) throw new Error('PDM_TEST_PG_URL is not set');
  const prefix = `pdm_cloud_${randomBytes(4).toString('hex')}`;
  const template = `${prefix}_tpl`;
  const created: string[] = [template];
  await admin((c) => c.query(`CREATE DATABASE ${template}`));
  const migrated = await openDatabase({
    databaseUrl: withDatabase(PG_URL, template),
    dataDir: '/nonexistent',
  });
  await migrated.close();
  let n = 0;
  return {
    async fresh() {
      n += 1;
      const name = `${prefix}_${n}`;
      created.push(name);
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      const url = withDatabase(PG_URL as string, name);
      return { db: await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' }), url };
    },
    async dispose() {
      await admin(async (c) => {
        for (const name of created.reverse()) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
