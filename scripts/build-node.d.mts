// Types for scripts/build-node.mjs, so TypeScript tests can import it.
import type { Metafile } from 'esbuild';

export interface NodeTarget {
  name: 'main' | 'preload' | 'cli';
  entry: string;
  outfile: string;
  format: 'cjs' | 'esm';
  external: string[];
  banner?: { js: string };
}

export function nodeTargets(outDir?: string): NodeTarget[];
export function buildNode(options?: {
  outDir?: string;
  only?: NodeTarget['name'][];
}): Promise<{ built: NodeTarget[]; skipped: NodeTarget[]; metafiles: Record<string, Metafile> }>;
