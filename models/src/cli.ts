#!/usr/bin/env -S npx tsx
/**
 * pdm-models: training and evaluation commands. Run as `npx tsx models/src/cli.ts <command> ...`.
 * Every evaluation command takes --json and then prints one JSON object as its last line.
 */
import { trainRulCommand } from './cli/train-rul.js';

const USAGE = `usage: pdm-models <command> [flags]
  train rul  --data <cmapss dir> --subset FD001 [--members 3] [--epochs 40] [--budget-minutes 18] [--version v1] [--json]
  calibrate rul --subset FD001 --from v4 --version v5 [--json]
  eval rul   --data <cmapss dir> --subset FD001 [--artifact <dir>] [--json]
  eval nab   --data <nab dir> [--detector <name>] [--json]
  eval ims   --data <ims dir> [--json]
  eval sim   --sim <simulator --out file> [--version v1] [--root <artifacts>] [--labels-out <file.jsonl>] [--json]
  train anomaly --sim <simulator --out dir> [--version v1] [--json]
  retrain    --labels <close-out labels .jsonl> [--root <artifacts>] [--json]
             [--fine-tune --sim <samples .ndjson> --healthy <training run .ndjson>]
datasets default to $PDM_DATASETS/<name> or ../shared/datasets/<name>`;

type Command = (argv: string[]) => Promise<void>;

async function lazy(path: string, name: string): Promise<Command> {
  const mod = (await import(path)) as Record<string, Command>;
  const fn = mod[name];
  if (!fn) throw new Error(`missing command ${name} in ${path}`);
  return fn;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  'train rul': async () => trainRulCommand,
  'calibrate rul': () => lazy('./cli/calibrate-rul.js', 'calibrateRulCommand'),
  'eval rul': () => lazy('./cli/eval-rul.js', 'evalRulCommand'),
  'eval nab': () => lazy('./cli/eval-nab.js', 'evalNabCommand'),
  'eval ims': () => lazy('./cli/eval-ims.js', 'evalImsCommand'),
  'eval sim': () => lazy('./cli/eval-sim.js', 'evalSimCommand'),
  'train anomaly': () => lazy('./cli/train-anomaly.js', 'trainAnomalyCommand'),
  retrain: () => lazy('./cli/retrain.js', 'retrainCommand'),
};

async function main(argv: string[]): Promise<void> {
  const two = argv.slice(0, 2).join(' ');
  const key = COMMANDS[two] ? two : argv[0] && COMMANDS[argv[0]] ? argv[0] : undefined;
  if (!key) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const command = await (COMMANDS[key] as () => Promise<Command>)();
  await command(argv.slice(key.split(' ').length));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
