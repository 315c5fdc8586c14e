import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
const ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export interface BackendLogger {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

export interface BackendChoice {
  backend: BackendName;
  /** Each backend tried before the one chosen, with why it was passed over. */
  skipped: { backend: BackendName; reason: string }[];
}

const silent: BackendLogger = { info: () => {}, warn: () => {} };

/** The tfjs-node package name, kept in a variable: it is optional and usually absent. */
const TFJS_NODE = '@tensorflow/tfjs-node';

async function activate(name: BackendName): Promise<void> {
  if (name === 'tensorflow') {
    // Importing registers the 'tensorflow' backend; a present but unbuilt package throws here.
    await import(TFJS_NODE);
  }
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    setWasmPaths(`${dist}/`);
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

let chosen: Promise<BackendChoice> | undefined;

/**
 * Picks the tfjs backend once per process: tfjs-node if it imports, else wasm (binaries resolved
 * from the installed package), else cpu. `override` (usually env PDM_TF_BACKEND) forces one backend
 * and still falls back down the list if it fails. Later calls return the first choice.
 */
export function selectBackend(
  opts: { override?: string | undefined; log?: BackendLogger } = {},
): Promise<BackendChoice> {
  chosen ??= choose(opts.override, opts.log ?? silent);
  return chosen;
}

async function choose(override: string | undefined, log: BackendLogger): Promise<BackendChoice> {
  const wanted =
    override && (ORDER as readonly string[]).includes(override) ? (override as BackendName) : undefined;
  if (override && !wanted)
    log.warn({ override, allowed: ORDER }, 'unknown PDM_TF_BACKEND, choosing automatically');
  const candidates = wanted ? ORDER.slice(ORDER.indexOf(wanted)) : ORDER;
  const skipped: BackendChoice['skipped'] = [];
  for (const backend of candidates) {
    try {
      await activate(backend);
      log.info({ backend, skipped }, 'tfjs backend selected');
      return { backend, skipped };
    } catch (err) {
      skipped.push({
        backend,
        reason: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err),
      });
    }
  }
  throw new Error(`no tfjs backend could be started: ${JSON.stringify(skipped)}`);
}
