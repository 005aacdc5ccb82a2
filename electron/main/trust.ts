/**
 * The pure decisions behind the shell's guards, kept free of Electron so
 * they are unit tested: which frame may call IPC, which URL may load, which
 * URL may leave the app for the system browser.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Only the app's own index.html, as the top frame, may call the back end. A
 * subframe, another file, or a frame that is already gone (senderFrame null)
 * is refused: the handlers run elevated. Hash and query are ignored because
 * the wizard routes inside the page.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, indexHtml: string): boolean {
  if (!frame || frame.parent) return false;
  const file = localFile(frame.url);
  return file !== null && path.relative(path.resolve(indexHtml), file) === '';
}

/**
 * Requests the renderer may make: the app's own files under rendererRoot,
 * inline data: and blob: URLs (the CSP narrows those further), and devtools.
 * Everything else, remote origins above all, is cancelled.
 */
export function isAllowedRequestUrl(url: string, rendererRoot: string): boolean {
  const scheme = schemeOf(url);
  if (scheme === 'data:' || scheme === 'blob:' || scheme === 'devtools:') return true;
  if (scheme !== 'file:') return false;
  const file = localFile(url);
  if (file === null) return false;
  const relative = path.relative(path.resolve(rendererRoot), file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * Whether a URL may be handed to the system browser: https only, and only to
 * a host on the allow-list. Nothing calls shell.openExternal today; this is
 * the gate any future "open the docs" link must go through.
 */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && allowedHosts.includes(parsed.hostname.toLowerCase())
  );
}

function schemeOf(url: string): string | null {
  const match = /^([a-z][a-z0-9+.-]*:)/i.exec(url);
  return match ? match[1]!.toLowerCase() : null;
}

function localFile(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // A UNC host (file://server/share) is someone else's disk, never the app.
  if (parsed.protocol !== 'file:' || parsed.host !== '') return null;
  parsed.hash = '';
  parsed.search = '';
  try {
    return fileURLToPath(parsed);
  } catch {
    return null;
  }
}
