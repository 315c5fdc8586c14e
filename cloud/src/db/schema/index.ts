// The schema for both dialects. Services are typed against the SQLite tables (`Tables`) and always
// take table objects from their context (`ctx.t`), never by import, so the same code runs on the
// PostgreSQL mirror. A new table goes into both dialect files and into both maps below.
import * as core from './core.js';
import * as corePg from './core.pg.js';
import * as dispatch from './dispatch.js';
import * as dispatchPg from './dispatch.pg.js';

export const sqliteTables = { ...core, ...dispatch };
export const pgTables = { ...corePg, ...dispatchPg };

export type Tables = typeof sqliteTables;
export type PgTables = typeof pgTables;

/** Schema files per dialect, for drizzle-kit and the parity test. */
export const SCHEMA_FILES = {
  sqlite: ['core.ts', 'dispatch.ts'],
  pg: ['core.pg.ts', 'dispatch.pg.ts'],
} as const;
