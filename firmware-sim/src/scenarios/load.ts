import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { AppError, parseOrThrow } from '@pdm/shared';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_SCENARIOS } from './builtin.js';
import { type Scenario, ScenarioSchema } from './schema.js';

/** Validate a scenario object; throws VALIDATION_FAILED naming each bad field, e.g. `sites.0.assets.2.type`. */
export function parseScenario(value: unknown, source = 'scenario'): Scenario {
  return parseOrThrow(ScenarioSchema, value, source);
}

/** A built-in scenario by name, or a JSON/YAML scenario file by path. */
export function loadScenario(nameOrPath: string): Scenario {
  const builtin = BUILTIN_SCENARIOS[nameOrPath];
  if (builtin) return parseScenario(builtin(), `built-in scenario ${nameOrPath}`);
  let text: string;
  try {
    text = readFileSync(nameOrPath, 'utf8');
  } catch (err) {
    const names = Object.keys(BUILTIN_SCENARIOS).join(', ');
    throw new AppError(
      'NOT_FOUND',
      `scenario "${nameOrPath}" is neither a built-in (${names}) nor a readable file: ${(err as Error).message}`,
    );
  }
  return parseScenario(parseText(text, nameOrPath), `scenario file ${nameOrPath}`);
}

function parseText(text: string, path: string): unknown {
  const yaml = ['.yaml', '.yml'].includes(extname(path).toLowerCase());
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new AppError(
      'VALIDATION_FAILED',
      `scenario file ${path} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(err as Error).message}`,
    );
  }
}
