// drizzle-kit for SQLite: `npx drizzle-kit generate --config drizzle.config.ts` (from cloud/).
// PostgreSQL has its own config, drizzle.config.pg.ts; generate both after any schema change.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src/db/schema/core.ts', './src/db/schema/dispatch.ts'],
  out: './drizzle/sqlite',
});
