/**
 * Builds the renderer with vite when its output is missing or older than
 * any source it is made from, so `npm run preview` always serves what is
 * in the tree without rebuilding on every start.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Newest modification time under these directories (files only), or 0. */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p))
        if (entry !== 'node_modules' && !entry.endsWith('.test.ts') && !entry.endsWith('.test.tsx')) visit(path.join(p, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

export function isStale(outputIndex: string, sources: string[]): boolean {
  let built: number;
  try {
    built = fs.statSync(outputIndex).mtimeMs;
  } catch {
    return true;
  }
  return newestMtime(sources) > built;
}

/** Where things are, relative to the repository root. */
export function rendererLayout(root: string) {
  return {
    outDir: path.join(root, 'dist', 'renderer'),
    index: path.join(root, 'dist', 'renderer', 'index.html'),
    sources: [path.join(root, 'renderer'), path.join(root, 'shared'), path.join(root, 'vite.config.ts')],
  };
}

export async function ensureRendererBuilt(root: string, log: (line: string) => void = () => undefined): Promise<string> {
  const layout = rendererLayout(root);
  if (isStale(layout.index, layout.sources)) {
    log('Building the renderer (vite)…');
    // Loaded only when needed: vite is a dev tool, not part of the app.
    const { build } = await import('vite');
    await build({ configFile: path.join(root, 'vite.config.ts'), root: path.join(root, 'renderer'), logLevel: 'warn' });
  }
  return layout.outDir;
}
