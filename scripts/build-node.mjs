#!/usr/bin/env node
// Bundles the Node side with esbuild: the Electron main process and preload
// (CommonJS; a sandboxed preload must be one file) and the `winjoin` CLI (ESM).
// It is the npm `prepare` script, so it runs right after `npm ci`: it must be
// fast and must not need the Electron binary (electron stays external).
// The renderer is built separately by vite (`npm run build`).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

/** What gets bundled where; tests build the same targets into a temporary directory. */
export function nodeTargets(outDir = path.join(root, 'dist')) {
  return [
    {
      name: 'main',
      entry: 'electron/main/main.ts',
      outfile: path.join(outDir, 'electron/main.cjs'),
      format: 'cjs',
      external: ['electron'],
    },
    {
      name: 'preload',
      entry: 'electron/preload/preload.ts',
      outfile: path.join(outDir, 'electron/preload.cjs'),
      format: 'cjs',
      external: ['electron'],
    },
    {
      name: 'cli',
      entry: 'electron/cli/winjoin.ts',
      outfile: path.join(outDir, 'cli/winjoin.mjs'),
      format: 'esm',
      external: [],
      // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
      banner: {
        // CommonJS dependencies bundled into ESM still read require, __filename and __dirname.
        js: [
          "import { createRequire as __winjoinCreateRequire } from 'node:module';",
          "import { fileURLToPath as __winjoinFileURLToPath } from 'node:url';",
          'const require = __winjoinCreateRequire(import.meta.url);',
          'const __filename = __winjoinFileURLToPath(import.meta.url);',
          "const __dirname = __winjoinFileURLToPath(new URL('.', import.meta.url));",
        ].join(' '),
      },
    },
  ];
}

/** Builds every target whose entry exists; returns what was built and what was skipped. */
export async function buildNode({ outDir, only } = {}) {
  const built = [];
  const skipped = [];
  const metafiles = {};
  await Promise.all(
    nodeTargets(outDir)
      .filter((target) => !only || only.includes(target.name))
      .map(async (target) => {
        if (!fs.existsSync(path.join(root, target.entry))) {
          skipped.push(target);
          return;
        }
        const result = await build({
          absWorkingDir: root,
          entryPoints: [target.entry],
          outfile: target.outfile,
          format: target.format,
          external: target.external,
          banner: target.banner,
          bundle: true,
          platform: 'node',
          // Electron 45 runs Node 24, and so do the CLI and the tests (package.json engines).
          target: 'node24',
          sourcemap: 'linked',
          sourcesContent: false,
          legalComments: 'none',
          logLevel: 'warning',
          metafile: true,
        });
        metafiles[target.name] = result.metafile;
        built.push(target);
      }),
  );
  return { built, skipped, metafiles };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const { built, skipped } = await buildNode();
  for (const target of skipped) console.log(`build-node: skipped ${target.name}: ${target.entry} does not exist yet`);
  const names = built.map((t) => path.relative(root, t.outfile)).sort();
  console.log(`build-node: ${names.join(', ') || 'nothing'} in ${Date.now() - started} ms`);
}
