// PostgreSQL for tests: PDM_TEST_PG_URL (default: where .ci/services.sh starts it) names a server
// where we may create databases. In CI an unreachable server fails the run; on a developer machine
// the suites skip with a message saying how to start it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { serverAvailable } from './server.js';

export const PG_URL = process.env.PDM_TEST_PG_URL ?? 'postgres://pdm:pdm@127.0.0.1:15432/pdm';

/** Whether PostgreSQL suites run: true when the server answers; in CI a missing server throws. */
export function pgAvailable(): Promise<boolean> {
  return serverAvailable({ url: PG_URL, defaultPort: 5432, what: 'PostgreSQL', env: 'PDM_TEST_PG_URL' });
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
      const url = withDatabase(PG_URL, name);
      return { db: await openDatabase({ databaseUrl: url, dataDir: '/nonexistent' }), url };
    },
    async dispose() {
      await admin(async (c) => {
        for (const name of created.reverse()) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
