import { parseArgs } from 'node:util';
import { AppError, IdSchema, parseOrThrow } from '@pdm/shared';
import { z } from 'zod';
import { CMAPSS_SUBSETS, REPLAY_KINDS } from '../replay/spec.js';

export const USAGE = `usage: pdm-sim [options]

  --scenario <name|file>   built-in (quick-demo, plant-month, fleet-scale) or a JSON/YAML file [quick-demo]
  --broker <url>           MQTT broker, mqtt://host:port [mqtt://127.0.0.1:1883]
  --username <u> --password <p>
  --speed <n|max>          simulated seconds per wall second; max = as fast as the broker takes
                           [the scenario's own speed; max for --replay]
  --format json|sparkplug  wire format [json]
  --max-batch <n>          json: most samples per message, 1 = one message per sample [500]
  --qos 0|1                json: telemetry QoS [0]
  --metric-names           sparkplug: name every DDATA metric instead of using the DBIRTH aliases
  --out <file.ndjson>      write samples as NDJSON (and ground truth beside it) instead of publishing
  --replay <kind>          stream a dataset instead of a scenario: cmapss, nab, ims, csv
    --path <file>          the dataset file (read in place)
    --site <id> --asset <id>
    --rul <file>           cmapss: RUL_FD00x.txt for test files
    --subset <FD00x>       cmapss: the subset, for the failure mode label [from the file name]
    --cycle-interval <d>   cmapss: event time between cycles [1h]
    --start <iso>          cmapss: event time of cycle 1 [2026-01-01T00:00:00Z]
    --columns <a=s,b=t>    csv: header -> sensor id map (others ignored)
    --timestamp-column <c> csv: the timestamp column [timestamp or the first]
    --asset-per-column     csv: each value column becomes its own asset
  --threads                at --speed max: generate and encode on a worker thread, publish on the main one
  --quiet                  no progress line
  --help`;

const SpeedSchema = z
  .string()
  .regex(/^(max|\d+(\.\d+)?(e\d+)?)$/, 'must be a positive number or "max"')
  .transform((s) => (s === 'max' ? Number.POSITIVE_INFINITY : Number(s)))
  .refine((n) => n > 0, 'must be greater than 0');

const CliSchema = z
  .object({
    scenario: z.string().min(1).default('quick-demo'),
    broker: z
      .string()
      .regex(/^(mqtts?|tcp|tls|wss?):\/\/[^\s]+$/, 'must be a URL such as mqtt://127.0.0.1:1883')
      .default('mqtt://127.0.0.1:1883'),
    username: z.string().optional(),
    password: z.string().optional(),
    speed: SpeedSchema.optional(),
    format: z.enum(['json', 'sparkplug']).default('json'),
    'max-batch': z.coerce.number().int().min(1).max(10_000).default(500),
    qos: z
      .enum(['0', '1'])
      .default('0')
      .transform(Number)
      .pipe(z.union([z.literal(0), z.literal(1)])),
    out: z.string().min(1).optional(),
    replay: z.enum(REPLAY_KINDS).optional(),
    path: z.string().min(1).optional(),
    site: IdSchema.optional(),
    asset: IdSchema.optional(),
    rul: z.string().min(1).optional(),
    subset: z.enum(CMAPSS_SUBSETS).optional(),
    'cycle-interval': z.string().optional(),
    start: z.string().optional(),
    columns: z.string().optional(),
    'timestamp-column': z.string().optional(),
    'asset-per-column': z.boolean().optional(),
    threads: z.boolean().default(false),
    'metric-names': z.boolean().default(false),
    quiet: z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .refine((a) => a.replay === undefined || a.path !== undefined, {
    message: 'required with --replay',
    path: ['path'],
  });

export type CliArgs = z.output<typeof CliSchema>;

const STRING_OPTIONS = [
  'scenario',
  'broker',
  'username',
  'password',
  'speed',
  'format',
  'max-batch',
  'qos',
  'out',
  'replay',
  'path',
  'site',
  'asset',
  'rul',
  'subset',
  'cycle-interval',
  'start',
  'columns',
  'timestamp-column',
] as const;

/** Parses and validates the command line; errors name the option. */
export function parseCli(argv: string[]): CliArgs {
  let values: Record<string, unknown>;
  try {
    const options = Object.fromEntries([
      ...STRING_OPTIONS.map((name) => [name, { type: 'string' as const }]),
      ...['asset-per-column', 'threads', 'metric-names', 'quiet', 'help'].map((name) => [
        name,
        { type: 'boolean' as const },
      ]),
    ]);
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', (err as Error).message);
  }
  return parseOrThrow(CliSchema, values, 'command line (option names as in --help)');
}

/** `a=s1,b=s2` -> `{a: 's1', b: 's2'}`. */
export function columnMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [column, sensor] = pair.split('=');
    if (!column || !sensor)
      throw new AppError('VALIDATION_FAILED', `--columns: "${pair}" is not column=sensor`);
    map[column.trim()] = sensor.trim();
  }
  return map;
}
