/**
 * Turning what undici throws into WinJoin's codes, and deciding which
 * failures are worth another attempt: a reset or an overloaded server may go
 * away, a 404, a refused proxy login or a wrong checksum will not.
 */
import { WinJoinError } from '../../../shared/errors.js';

const TRANSIENT = Symbol('winjoin.transient');

export function markTransient<T extends Error>(error: T): T {
  (error as unknown as Record<symbol, boolean>)[TRANSIENT] = true;
  return error;
}

export function isTransient(error: unknown): boolean {
  return error instanceof Error && (error as unknown as Record<symbol, boolean>)[TRANSIENT] === true;
}

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A URL as it may be shown: no user info, no query (signed URLs carry tokens there). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}

export function proxyAuthError(proxyOrigin: string, target: string): WinJoinError {
  return new WinJoinError(
    'E_PROXY_AUTH',
    `The proxy ${proxyOrigin} refused the login for ${displayUrl(target)} (proxy authentication required): check the proxy user name and password in the answers.`,
    { proxy: proxyOrigin, url: displayUrl(target) },
  );
}

/**
 * Whether a 401/407 came from the proxy rather than the origin: 407 always
 * does; a 401 does when it lacks the Via header a proxy adds to responses it
 * relays (tinyproxy refuses a wrong password with its own 401).
 */
export function isProxyRefusal(status: number, headers: Record<string, string | string[] | undefined>): boolean {
  return status === 407 || (status === 401 && headers.via === undefined);
}

export function httpStatusError(status: number, target: string, file: string): WinJoinError {
  const error = new WinJoinError('E_DOWNLOAD_HTTP', `The server answered ${status} for ${displayUrl(target)}.`, {
    status: String(status),
    file,
    url: displayUrl(target),
  });
  return isTransientStatus(status) ? markTransient(error) : error;
}

export function cancelledError(target: string): WinJoinError {
  return new WinJoinError('E_CANCELLED', `Cancelled: ${displayUrl(target)}.`, { url: displayUrl(target) });
}

/**
 * Maps a thrown network error. undici reports a refused CONNECT as a
 * message only ("Proxy response (407) !== 200 when HTTP Tunneling"), so the
 * status is read from it.
 */
export function networkError(error: unknown, target: string, file: string, proxyOrigin: string | null, signal?: AbortSignal): WinJoinError {
  if (error instanceof WinJoinError) return error;
  if (signal?.aborted) return cancelledError(target);
  const message = error instanceof Error ? error.message : String(error);
  const proxyStatus = /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/.exec(message);
  if (proxyStatus && proxyOrigin) {
    const status = Number(proxyStatus[1] ?? proxyStatus[2]);
    // Some proxies (tinyproxy) answer a wrong password with 401 instead of 407.
    if (status === 407 || status === 401) return proxyAuthError(proxyOrigin, target);
    return httpStatusError(status, target, file);
  }
  const code = errorCode(error);
  const reason = code ? `${code}: ${message}` : message;
  const via = proxyOrigin ? ` via the proxy ${proxyOrigin}` : '';
  const wrapped = new WinJoinError('E_DOWNLOAD_NETWORK', `Could not download ${displayUrl(target)}${via}: ${reason}`, {
    file,
    url: displayUrl(target),
    reason,
  });
  return code && TRANSIENT_CODES.has(code) ? markTransient(wrapped) : wrapped;
}
