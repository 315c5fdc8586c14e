import type { Highs } from 'highs';
import * as highsModule from 'highs';

type Loader = () => Promise<Highs>;

let runtime: Promise<Highs> | null = null;

/**
 * Loads the HiGHS WebAssembly runtime once per process and reuses it. The package is CommonJS
 * typed but loaded as ESM, so its default export is unwrapped whichever way it arrives.
 */
export function loadHighsRuntime(): Promise<Highs> {
  if (!runtime) {
    const mod = highsModule as unknown as { default: Loader | { default: Loader } };
    const load = typeof mod.default === 'function' ? mod.default : mod.default.default;
    runtime = load();
    runtime.catch(() => {
      runtime = null;
    });
  }
  return runtime;
}
