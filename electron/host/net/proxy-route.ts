/**
 * Which proxy (if any) a request takes: the answers' proxy for the URL's
 * scheme unless NO_PROXY says otherwise, else whatever the shell's system
 * proxy hook says (Electron fills it from session.resolveProxy; plain Node
 * and the CLI leave it empty).
 */
import { bypassesProxy } from './no-proxy.js';

export interface ProxySettings {
  http?: string | null;
  https?: string | null;
  noProxy?: readonly string[];
}

/** Returns a proxy URL, a PAC-style answer ("PROXY host:port; DIRECT"), or null for direct. */
export type SystemProxyResolver = (url: string) => Promise<string | null>;

export interface ProxyRoute {
  /** Proxy origin without credentials, safe to show. */
  origin: string;
  /** "Basic ..." header value built from the URL's credentials, if any. Never logged. */
  authorization: string | null;
}

function fromPacAnswer(answer: string): string | null {
  for (const part of answer.split(';')) {
    const [kind, where] = part.trim().split(/\s+/);
    if (!kind || kind.toUpperCase() === 'DIRECT') return null;
    if (!where) continue;
    if (kind.toUpperCase() === 'PROXY') return `http://${where}`;
    if (kind.toUpperCase() === 'HTTPS') return `https://${where}`;
  }
  return null;
}

/** Splits credentials off a proxy URL so they can only ever travel in the Proxy-Authorization header. */
export function toRoute(proxyUrl: string): ProxyRoute {
  const url = new URL(proxyUrl);
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : null;
  return { origin: `${url.protocol}//${url.host}`, authorization };
}

export async function routeFor(
  target: string,
  proxy: ProxySettings | null | undefined,
  resolveSystemProxy?: SystemProxyResolver,
): Promise<ProxyRoute | null> {
  const url = new URL(target);
  if (proxy && (proxy.http || proxy.https)) {
    if (bypassesProxy(url, proxy.noProxy ?? [])) return null;
    const chosen = url.protocol === 'https:' ? (proxy.https ?? proxy.http) : (proxy.http ?? proxy.https);
    return chosen ? toRoute(chosen) : null;
  }
  if (!resolveSystemProxy) return null;
  const answer = await resolveSystemProxy(target);
  if (!answer) return null;
  const proxyUrl = /^[a-z]+:\/\//i.test(answer) ? answer : fromPacAnswer(answer);
  return proxyUrl ? toRoute(proxyUrl) : null;
}
