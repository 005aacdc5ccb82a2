/**
 * Proxy URL validation and credential handling. Proxy URLs may carry
 * credentials (http://user:pass@proxy:8080); they are allowed in answers but
 * must never reach a log, so every display path goes through maskProxyUrl.
 */
export type ProxyUrlProblem =
  'validation.proxy.notUrl' | 'validation.proxy.scheme' | 'validation.proxy.noHost' | 'validation.proxy.noPort' | 'validation.proxy.path';

export function checkProxyUrl(text: string): ProxyUrlProblem | null {
  if (typeof text !== 'string' || /\s/.test(text)) return 'validation.proxy.notUrl';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The URL parser refuses ports above 65535; say which part is wrong.
    return /^https?:\/\/[^\s/]+:\d+\/?$/i.test(text) ? 'validation.proxy.noPort' : 'validation.proxy.notUrl';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'validation.proxy.scheme';
  if (!url.hostname) return 'validation.proxy.noHost';
  // The URL parser drops a default port (http://p:80 -> ""), so read it from the text.
  const authority = text.slice(text.indexOf('//') + 2).split('/')[0] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (!/:\d{1,5}$/.test(hostPort)) return 'validation.proxy.noPort';
  const port = Number(hostPort.slice(hostPort.lastIndexOf(':') + 1));
  if (port < 1 || port > 65535) return 'validation.proxy.noPort';
  if (url.pathname !== '/' && url.pathname !== '') return 'validation.proxy.path';
  if (url.search || url.hash) return 'validation.proxy.path';
  return null;
}

/**
 * The URL with its password replaced by "***", for display and logs:
 * http://ops:***@proxy:3128/. The user name stays (it says which account the
 * proxy sees); a user info without a colon is a token and is masked whole.
 */
export function maskProxyUrl(text: string): string {
  return text.replace(/^(https?:\/\/)(?:([^/@\s:]*):)?[^/\s]*@/i, (_match, scheme: string, user: string | undefined) =>
    user ? `${scheme}${user}:***@` : `${scheme}***@`,
  );
}

/** One NO_PROXY entry: a host, a domain suffix (.corp.example), an IPv4 address or CIDR, or "*". */
export function isNoProxyEntry(text: string): boolean {
  if (typeof text !== 'string' || text.length === 0 || text.length > 253) return false;
  if (text === '*' || text === '<local>') return true;
  return /^\.?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/.test(text) || /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text);
}
