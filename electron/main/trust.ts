/**
 * The pure decisions behind the shell's guards, kept free of Electron so
 * they are unit tested: which frame may call IPC, which URL may load, which
 * URL may leave the app for the system browser.
 */
import { isAppUrl } from './app-protocol.js';

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Only the app's own index.html (app://winjoin/index.html), as the top frame,
 * may call the back end. A subframe, another page, or a frame that is already
 * gone (senderFrame null) is refused: the handlers run elevated. Hash and
 * query are ignored because the wizard routes inside the page.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, indexUrl: string): boolean {
  if (!frame || frame.parent) return false;
  const page = withoutHashAndQuery(frame.url);
  return page !== null && page === withoutHashAndQuery(indexUrl);
}

/**
 * Requests the renderer may make: the app's own files (app://winjoin/, which
 * app-protocol.ts confines to the renderer build), inline data: and blob: URLs
 * (the CSP narrows those further), and devtools. Everything else, file://
 * and remote origins above all, is cancelled.
 */
export function isAllowedRequestUrl(url: string): boolean {
  const scheme = schemeOf(url);
  if (scheme === 'data:' || scheme === 'blob:' || scheme === 'devtools:') return true;
  return isAppUrl(url);
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

function withoutHashAndQuery(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  parsed.hash = '';
  parsed.search = '';
  return parsed.href;
}
