/**
 * The preview's session token. The loopback server is reachable by every
 * local process (any user on a shared server), and the Host/Origin checks
 * only stop browsers; a process that sends no Origin could otherwise start a
 * join or read the plan. So each start draws a random token, prints it only
 * in the URL given to whoever started the preview, and refuses calls and the
 * event stream that do not carry it.
 */
import crypto from 'node:crypto';

export { PREVIEW_TOKEN_HEADER as TOKEN_HEADER, PREVIEW_TOKEN_PARAM as TOKEN_PARAM } from '../../shared/ipc/preview-token.js';

export function newSessionToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so the answer time does not leak how much of a guess was right. */
export function tokenMatches(expected: string, presented: string | string[] | undefined): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
