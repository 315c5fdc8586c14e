import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database, Db } from './database.js';
import { migrationsFolder } from './migrations.js';
import { pgTables, type Tables } from './schema/index.js';

export interface PostgresOptions {
  url: string;
  poolSize?: number;
}

/** Several instances may start together: migrations run under a session advisory lock. */
const MIGRATION_LOCK = 7_270_001;

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  pool.on('error', () => undefined);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder('pg') });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  const db = drizzle(pool);
  const typed = db as unknown as Db;
  return {
    dialect: 'pg',
    t: pgTables as unknown as Tables,
    tx: (fn) => db.transaction((tx) => fn(tx as unknown as Db)),
    read: (fn) => fn(typed),
    close: () => pool.end(),
  };
}
