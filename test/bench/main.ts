// `pnpm bench <name> [options]`: runs test/bench/<name>.ts, whose `main(args)` prints its figures
// and, with --json, one JSON object as the last line of its output.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'main.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...args] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  console.error(
    `usage: pnpm bench <name> [--json] [options]\nbenchmarks: ${available.join(', ') || '(none)'}`,
  );
  process.exit(name ? 2 : 0);
}
const mod = (await import(`./${name}.ts`)) as { main: (args: string[]) => Promise<void> };
await mod.main(args);
