#!/bin/sh
//bin/true; exec env MALLOC_ARENA_MAX=2 node --max-semi-space-size=2 --heap-growing-percent=25 "$0" "$@"
// `pdm-edge --config <file>`: the edge agent on plain Node.
//
// The sources are TypeScript. Running them through tsx costs ~30 MB of resident memory for its
// loader thread alone (a second V8 isolate with esbuild loaded), a fifth of the agent's budget, so
// this launcher transpiles edge/src/main.ts and the workspace packages it imports into one ESM
// bundle (esbuild, ~150 ms) in a private temporary directory, imports it in this process and
// removes it on exit. npm packages stay external, imported from their installed paths, and every
// `import.meta.url` keeps the URL of its source file, so modules resolve what they resolve under tsx.
//
// The first two lines are for the shell (to Node, the second is a comment): they start Node with
// the memory settings below, whether this file is executed directly or through a package manager's
// `pdm-edge` shim (which runs it with /bin/sh). The settings, measured in edge/README.md (Figures):
// a 2 MB semi-space instead of up to 16 MB keeps V8's young generation at 4 MB; a 1.25x
// old-generation growing factor keeps the heap near its live size while a broker backlog is drained
// at full speed (V8's default lets it grow to twice that); two malloc arenas instead of one per
// thread keep freed socket buffers reusable. `node pdm-edge.mjs` skips them: the agent works the
// same, with more memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleAgent } from './bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), 'pdm-edge-'));
process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
await bundleAgent(join(here, '..', 'src', 'main.ts'), outdir);
await import(pathToFileURL(join(outdir, 'main.js')).href);
