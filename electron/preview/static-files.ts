/**
 * Serves the built renderer from one directory: a fixed set of content
 * types, nothing outside the directory (resolved paths are checked, not
 * just "..") and nothing for names it does not know how to type.
 */
import fs from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string | null {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? null;
}

/** The file a URL path names inside root, or null when it would leave root or has no known type. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  if (!contentTypeFor(file)) return null;
  return file;
}

/** Reads a file if it is a regular file; null otherwise (missing, directory). */
export async function readStatic(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.promises.stat(file);
    return stat.isFile() ? await fs.promises.readFile(file) : null;
  } catch {
    return null;
  }
}
