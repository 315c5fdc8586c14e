import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const ARTIFACTS_ROOT = join(REPO_ROOT, 'models', 'artifacts');

export interface CommonFlags {
  json: boolean;
  data?: string;
}

/** Parses `--name value` flags; unknown flags are an error that names them. */
export function parseFlags(argv: string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  return parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, data: { type: 'string' }, ...options },
  }).values as Record<string, string | boolean | undefined>;
}

/** `--data` if given, else `$PDM_DATASETS/<name>`, else `../shared/datasets/<name>` from the repo root. */
export function datasetDir(flag: string | boolean | undefined, name: string): string {
  if (typeof flag === 'string') return resolve(flag);
  const root = process.env.PDM_DATASETS ?? join(REPO_ROOT, '..', 'shared', 'datasets');
  return resolve(root, name);
}

export function numberFlag(v: string | boolean | undefined, fallback: number): number {
  if (typeof v !== 'string') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${v}`);
  return n;
}

/** Prints the figures as the last line when --json is set (EVALUATION.md §5). */
export function emitJson(json: boolean, figures: object): void {
  if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}

export function commandLine(): string {
  return ['pdm-models', ...process.argv.slice(2)].join(' ');
}

/** Backend and progress messages go to stderr so that --json output stays the last stdout line. */
export const stderrLog = {
  info: (fields: object, msg: string) => process.stderr.write(`${msg} ${JSON.stringify(fields)}\n`),
  warn: (fields: object, msg: string) => process.stderr.write(`warning: ${msg} ${JSON.stringify(fields)}\n`),
};
