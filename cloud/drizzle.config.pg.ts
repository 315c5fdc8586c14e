// drizzle-kit for PostgreSQL: `npx drizzle-kit generate --config drizzle.config.pg.ts` (from cloud/).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/schema/core.pg.ts', './src/db/schema/dispatch.pg.ts'],
  out: './drizzle/pg',
});
