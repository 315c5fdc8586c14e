import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dialect } from './database.js';

const cloudRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where drizzle-kit wrote the committed migrations for a dialect. */
export function migrationsFolder(dialect: Dialect): string {
  return join(cloudRoot, 'drizzle', dialect);
}
