/**
 * The WinJoin checkout (or unpacked app) folder: the nearest folder above a
 * module that holds WinJoin's package.json. Files shipped beside the code
 * (step scripts, rehearsal stand-ins) are found from here, so the same code
 * works from source (tsx), from the bundled CLI (dist/cli) and from tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * This module's folder. Bundled as CommonJS (the Electron main process)
 * import.meta.url is empty and __dirname holds it; as ESM from source it is
 * the other way round (the ESM CLI bundle defines both).
 */
function hereDir(): string {
  if (typeof __dirname === 'string') return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

export function findAppRoot(from: string = hereDir()): string {
  if (cached && from === hereDir()) return cached;
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'winjoin') {
      cached = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`WinJoin's package.json was not found above ${from}`);
  }
}

/** electron/powershell: the step host, the step scripts and the rehearsal's simulated host. */
export function powershellDir(): string {
  return path.join(findAppRoot(), 'electron', 'powershell');
}
