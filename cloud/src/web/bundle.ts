import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** One bundled asset, named by a hash of its content so browsers may cache it for good. */
export interface Asset {
  name: string;
  type: string;
  body: Buffer;
}

export interface ConsoleBundle {
  script: Asset;
  style: Asset;
}

const ENTRY = fileURLToPath(new URL('./app/main.ts', import.meta.url));

/** One build per minify setting, shared by every app this process builds. */
const builds = new Map<boolean, Promise<ConsoleBundle>>();

/**
 * Bundles the console's browser code and its stylesheet in memory with esbuild. The sources do not
 * change while the process runs, so every app built in this process shares one build.
 */
export function bundleConsole(opts: { minify?: boolean } = {}): Promise<ConsoleBundle> {
  const minify = opts.minify ?? true;
  let pending = builds.get(minify);
  if (!pending) {
    pending = buildConsole(minify);
    pending.catch(() => builds.delete(minify));
    builds.set(minify, pending);
  }
  return pending;
}

async function buildConsole(minify: boolean): Promise<ConsoleBundle> {
  const files = await bundleBrowserCode(ENTRY, { minify, format: 'esm' });
  const js = files.find((f) => f.path.endsWith('.js'));
  const css = files.find((f) => f.path.endsWith('.css'));
  if (!js || !css) throw new Error('the console bundle lacks its script or stylesheet');
  return {
    script: asset('app', 'js', 'text/javascript; charset=utf-8', js.contents),
    style: asset('app', 'css', 'text/css; charset=utf-8', css.contents),
  };
}

/**
 * Bundles one browser entry point in memory; also used by the browser tests to load single
 * components (such as the chart) into a page.
 */
export async function bundleBrowserCode(
  entry: string,
  opts: { minify: boolean; format: 'esm' | 'iife' },
): Promise<{ path: string; contents: Uint8Array }[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: opts.format,
    target: ['es2022'],
    platform: 'browser',
    minify: opts.minify,
    sourcemap: false,
    outdir: '/console',
    logLevel: 'silent',
    legalComments: 'none',
  });
  return result.outputFiles;
}

function asset(base: string, ext: string, type: string, contents: Uint8Array): Asset {
  const body = Buffer.from(contents);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { name: `${base}.${hash}.${ext}`, type, body };
}
