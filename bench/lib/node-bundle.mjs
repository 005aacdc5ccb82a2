// The product ships esbuild bundles (dist/), so a bench measures a process
// that loads a bundle of the code under test, not tsx compiling it on the fly.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Bundles `entry` (a .ts file) for Node into `outfile`; returns its file: URL for import(). */
export async function bundleForNode(entry, outfile) {
  await build({
    entryPoints: [entry],
    // The entry may live in another checkout (WINJOIN_BENCH_COMPARE); its packages come from this one.
    nodePaths: [path.join(import.meta.dirname, '..', '..', 'node_modules')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return pathToFileURL(outfile).href;
}
