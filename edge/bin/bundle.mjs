// Bundles a TypeScript entry of the workspace into ESM for plain Node (used by pdm-edge.mjs).
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';

/** Workspace packages are bundled from their sources; everything else stays an import. */
const WORKSPACE = /^@pdm\//;

/**
 * Source text with `import.meta.url` / `import.meta.dirname` fixed to the source file, and
 * `import(name)` of a computed specifier resolved from the source file's directory first, so a
 * module finds the packages it finds when run from its own location.
 */
function pinLocation(source, path) {
  const url = JSON.stringify(pathToFileURL(path).href);
  let out = source
    .replaceAll('import.meta.url', url)
    .replaceAll('import.meta.dirname', JSON.stringify(path.replace(/\/[^/]*$/, '')));
  const computed = /\bimport\(\s*([A-Za-z_$][\w$]*)\s*\)/g;
  if (computed.test(out)) {
    out = out.replace(computed, 'import(__pdmFromSource($1))');
    out += `
import { createRequire as __pdmCreateRequire } from 'node:module';
function __pdmFromSource(name) {
  try { return __pdmCreateRequire(${url}).resolve(name); } catch { return name; }
}
`;
  }
  return out;
}

export async function bundleAgent(entry, outdir) {
  await build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    splitting: true, // `await import('@pdm/models')` (tfjs) stays lazy: its own chunk
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    logLevel: 'warning',
    plugins: [
      {
        name: 'pdm-edge',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (WORKSPACE.test(args.path) || args.path.startsWith('node:') || args.pluginData)
              return undefined;
            const found = await b.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              importer: args.importer,
              pluginData: true,
            });
            if (found.errors.length > 0) return { errors: found.errors };
            return { path: found.path, external: true };
          });
          b.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => ({
            contents: pinLocation(await readFile(args.path, 'utf8'), args.path),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  // esbuild serves builds from a child process; the agent has no further use for it.
  await stop();
}
