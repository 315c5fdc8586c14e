import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Database, Db } from './database.js';
import { migrationsFolder } from './migrations.js';
import { sqliteTables } from './schema/index.js';

export interface SqliteOptions {
  /** A file path, or `:memory:`. */
  path: string;
  busyTimeoutMs?: number;
}

/**
 * SQLite with WAL and synchronous=FULL. Transactions are serialised on the one connection by an
 * async mutex and opened with BEGIN IMMEDIATE, so awaited statements inside them roll back too.
 */
export function openSqlite(options: SqliteOptions): Database {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const client = new BetterSqlite3(options.path);
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = FULL');
  client.pragma('foreign_keys = ON');
  client.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  const db = drizzle(client) as unknown as Db;
  migrate(drizzle(client), { migrationsFolder: migrationsFolder('sqlite') });

  let tail: Promise<unknown> = Promise.resolve();
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  return {
    dialect: 'sqlite',
    t: sqliteTables,
    tx: (fn) =>
      serialised(async () => {
        client.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(db);
          client.exec('COMMIT');
          return result;
        } catch (err) {
          if (client.inTransaction) client.exec('ROLLBACK');
          throw err;
        }
      }),
    read: (fn) => serialised(() => fn(db)),
    close: async () => {
      await serialised(async () => undefined);
      client.close();
    },
  };
}
