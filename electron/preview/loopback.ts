/**
 * DNS-rebinding guard. A web page on another site can point its own host
 * name at 127.0.0.1 and then talk to this server; the browser still sends
 * that foreign name in Host (and its own origin in Origin). So only
 * loopback names with our own port are accepted in either header.
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when a Host header value ("127.0.0.1:5178") names this server on loopback. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  const [, name, portText] = match;
  return LOOPBACK_HOSTS.has(name ?? '') && Number(portText ?? '80') === port;
}

/** True when there is no Origin (same-origin GET, curl) or it is this server on loopback. */
export function isLoopbackOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && isLoopbackHost(url.host, port);
}
