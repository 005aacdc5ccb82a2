/**
 * The renderer is served from app://winjoin/, a privileged custom scheme,
 * never from file:// (Electron security checklist: "use a custom protocol
 * instead of file://"). file:// pages get privileges a web page does not, and
 * webRequest never sees them, so the CSP header in security.ts would not reach
 * them; the fuse grantFileProtocolExtraPrivileges is off in the build. This
 * handler answers only for files inside the renderer build, each with the
 * app's Content-Security-Policy as a header. Kept free of Electron so Node
 * tests it; main.ts hands it to session.protocol.handle.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'winjoin';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Registered before app ready: standard (an origin, relative URLs) and secure (like https). */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file under rendererRoot an app:// URL names, or null for anything else (another host, a way out, a folder). */
export function appUrlToFile(url: string, rendererRoot: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // An encoded separator or NUL is never part of a file the build made.
  if (relative.includes('\\') || relative.includes('\0')) return null;
  const root = path.resolve(rendererRoot);
  const file = path.resolve(root, `.${relative}`);
  const inside = path.relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return null;
  return file;
}

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/** The answer to one app:// request: the file with the CSP header, or 404 without saying why. */
export async function serveAppFile(url: string, rendererRoot: string): Promise<Response> {
  const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const file = appUrlToFile(url, rendererRoot);
  if (!file) return notFound();
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!type) return notFound();
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return notFound();
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}
