import { resolve } from 'node:path';
import { z } from 'zod';

/** Command-line options of `pnpm demo`, validated like every other boundary. */
export const DemoOptionsSchema = z
  .object({
    duration: z.coerce.number().positive('must be a positive number of seconds').optional(),
    json: z.boolean().default(false),
    data: z.string().min(1).default('.pdm-data/demo'),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    brokerPort: z.coerce.number().int().min(0).max(65535).default(11883),
    speed: z.coerce.number().positive().optional(),
    scenario: z.string().min(1).default('quick-demo'),
  })
  .strict();
export type DemoOptions = z.infer<typeof DemoOptionsSchema>;

const FLAGS = new Set(['json']);

/** Parse `--name value` and `--flag` arguments; unknown or malformed ones are errors. */
export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const [flag, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const name = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(name in DemoOptionsSchema.shape)) throw new Error(`unknown option --${flag}`);
    if (FLAGS.has(name)) {
      raw[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${flag} needs a value`);
    raw[name] = value;
  }
  const parsed = DemoOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = (issue?.path.join('.') || 'options').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new Error(`--${where}: ${issue?.message ?? 'invalid'}`);
  }
  return { ...parsed.data, data: resolve(parsed.data.data) };
}
