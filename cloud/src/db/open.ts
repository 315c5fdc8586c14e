import { join } from 'node:path';
import type { Database } from './database.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';

/** `postgres://...` opens PostgreSQL; `:memory:` or a file path opens SQLite; else `<dataDir>/cloud.db`. */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  databaseBusyTimeoutMs?: number;
}): Promise<Database> {
  const url = options.databaseUrl;
  const busyTimeoutMs = options.databaseBusyTimeoutMs ?? 5_000;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres({ url });
  if (url === ':memory:') return openSqlite({ path: ':memory:', busyTimeoutMs });
  if (url) return openSqlite({ path: url.replace(/^sqlite:(\/\/)?/, ''), busyTimeoutMs });
  return openSqlite({ path: join(options.dataDir, 'cloud.db'), busyTimeoutMs });
}
