/**
 * Pure network validators shared by the wizard (inline errors) and the engine
 * (answer-file validation). Each returns an i18n key on failure so the UI and
 * the CLI can say what is wrong and how to fix it in the user's language.
 */
import ipaddr from 'ipaddr.js';

export interface Ipv4Cidr {
  readonly address: ipaddr.IPv4;
  readonly prefix: number;
  readonly text: string;
}

/** Parses "a.b.c.d/n" strictly: IPv4 only, network address (no host bits). */
export function parseIpv4Cidr(text: string): Ipv4Cidr | null {
  if (typeof text !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) return null;
  try {
    const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
    if (prefix < 1 || prefix > 32) return null;
    const network = ipaddr.IPv4.networkAddressFromCIDR(text);
    if (network.toString() !== address.toString()) return null;
    return { address, prefix, text };
  } catch {
    return null;
  }
}

export function isIpv4(text: string): boolean {
  return typeof text === 'string' && ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function cidrContains(cidr: Ipv4Cidr, ip: string): boolean {
  if (!isIpv4(ip)) return false;
  return ipaddr.IPv4.parse(ip).match(cidr.address, cidr.prefix);
}

/** Two ranges overlap when either one's network address lies in the other. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.address.match(b.address, b.prefix) || b.address.match(a.address, a.prefix);
}

/** The address "network + n" inside a CIDR, e.g. the .10 DNS address of a service range. */
export function nthAddress(cidr: Ipv4Cidr, n: number): string {
  const base = cidr.address.toByteArray().reduce((acc, byte) => acc * 256 + byte, 0);
  const value = base + n;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * RFC 1123 label as Kubernetes requires for node names: lower-case letters,
 * digits and '-', starting and ending alphanumeric, at most 63 characters.
 * The SDN scripts lower-case the hostname, so upper case is refused here rather
 * than silently changed.
 */
export function isRfc1123NodeName(text: string): boolean {
  return typeof text === 'string' && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(text);
}

/** A hostname lower-cased the way start-kubelet.ps1 does, or null when it cannot be a node name. */
export function nodeNameFromHostname(hostname: string): string | null {
  const lower = hostname.trim().toLowerCase();
  return isRfc1123NodeName(lower) ? lower : null;
}
