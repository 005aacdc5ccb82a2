/**
 * NO_PROXY matching as curl and Go's httpproxy read it: "*" bypasses
 * everything; a host matches itself and its subdomains; a leading dot
 * (.corp.example) matches subdomains only; IPv4 addresses and CIDRs match
 * literal IP hosts; an entry may carry :port; "<local>" (WinINet's word)
 * bypasses dot-less intranet names.
 */
import ipaddr from 'ipaddr.js';

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

function splitPort(entry: string): { host: string; port: string | null } {
  // An IPv6 literal keeps its colons; only a trailing :digits after a non-IPv6 host is a port.
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracket) return { host: bracket[1] ?? '', port: bracket[2] ?? null };
  const m = /^([^:]+):(\d+)$/.exec(entry);
  return m ? { host: m[1] ?? '', port: m[2] ?? null } : { host: entry, port: null };
}

function ipMatches(host: string, entry: string): boolean | null {
  if (!ipaddr.isValid(host)) return null;
  let address = ipaddr.parse(host);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  if (entry.includes('/')) {
    try {
      const [range, bits] = ipaddr.parseCIDR(entry);
      return range.kind() === address.kind() && address.match(range, bits);
    } catch {
      return false;
    }
  }
  if (!ipaddr.isValid(entry)) return false;
  const other = ipaddr.parse(entry);
  return other.kind() === address.kind() && other.toNormalizedString() === address.toNormalizedString();
}

/** Whether a request to `target` goes direct instead of through the proxy. */
export function bypassesProxy(target: URL, noProxy: readonly string[]): boolean {
  const host = target.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  const port = target.port || defaultPort(target.protocol);
  for (const raw of noProxy) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry === '<local>') {
      if (!host.includes('.') && !ipaddr.isValid(host)) return true;
      continue;
    }
    const { host: entryHost, port: entryPort } = splitPort(entry);
    if (entryPort && entryPort !== port) continue;
    const asIp = ipMatches(host, entryHost);
    if (asIp !== null) {
      if (asIp) return true;
      continue;
    }
    if (entryHost.startsWith('.')) {
      if (host.endsWith(entryHost)) return true;
    } else if (host === entryHost || host.endsWith(`.${entryHost}`)) {
      return true;
    }
  }
  return false;
}
