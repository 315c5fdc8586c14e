// The database port the services use: a typed drizzle handle, the dialect's tables, and a
// transaction runner with the same semantics on SQLite and PostgreSQL.
import { type SQL, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { Tables } from './schema/index.js';

/** The query surface services may use; on PostgreSQL the same calls run on drizzle's pg driver. */
export type Db = BetterSQLite3Database<Record<string, never>>;

export type Dialect = 'sqlite' | 'pg';

export interface Database {
  readonly dialect: Dialect;
  /** The dialect's tables, typed as the canonical (SQLite) description. */
  readonly t: Tables;
  /** Runs `fn` in one write transaction; everything it awaited is rolled back if it throws. */
  tx<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Runs read-only queries; on SQLite they wait for the transaction in progress. */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Errors from the driver, seen through drizzle's wrapper. */
function driverError(err: unknown): { code?: string; message?: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const cause = (err as { cause?: unknown }).cause;
  if (typeof cause === 'object' && cause !== null && 'code' in cause) return cause as { code?: string };
  return err as { code?: string };
}

export function isUniqueViolation(err: unknown): boolean {
  const code = driverError(err)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Lock contention the caller may retry or answer with 503. */
export function isBusy(err: unknown): boolean {
  const code = driverError(err)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === '40001' || code === '40P01';
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** Errors worth retrying: lock contention, or the database being unreachable for a while. */
export function isTransient(err: unknown): boolean {
  if (isBusy(err)) return true;
  const found = driverError(err);
  if (found?.code && CONNECTION_CODES.has(found.code)) return true;
  const message =
    err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/**
 * Serialises the transactions that work on one key (e.g. an asset's open work order) until they
 * end: on PostgreSQL a transaction-scoped advisory lock on the key's hash, so concurrent writers
 * wait for each other instead of failing their revision checks again and again; on SQLite a no-op,
 * since its write transactions already run one at a time.
 */
export async function lockKey(db: Database, tx: Db, key: string): Promise<void> {
  if (db.dialect !== 'pg') return;
  const query: SQL = sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
  await (tx as unknown as { execute(q: SQL): Promise<unknown> }).execute(query);
}
