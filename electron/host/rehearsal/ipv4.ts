/** IPv4 arithmetic for the simulated controller (pod CIDRs, cluster IPs). */

export function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): { base: number; bits: number } {
  const [ip, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (!ip || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (ipToNumber(ip) & mask) >>> 0, bits: prefix };
}

export function cidrContains(cidr: string, ip: string): boolean {
  const { base, bits } = parseCidr(cidr);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ipToNumber(ip) & mask) >>> 0 === base;
}

/** The first /24 inside `clusterCidr` that is not in `taken`, or null when all are. */
export function nextFreeSubnet24(clusterCidr: string, taken: string[]): string | null {
  const { base, bits } = parseCidr(clusterCidr);
  if (bits > 24) return null;
  const used = new Set(taken);
  for (let i = 0; i < 2 ** (24 - bits); i++) {
    const candidate = `${numberToIp(base + i * 256)}/24`;
    if (!used.has(candidate)) return candidate;
  }
  return null;
}

/** The first host address of `cidr` at or after offset `from` that is not in `taken`. */
export function nextFreeAddress(cidr: string, taken: string[], from = 1): string | null {
  const { base, bits } = parseCidr(cidr);
  const used = new Set(taken);
  for (let i = from; i < 2 ** (32 - bits) - 1; i++) {
    const candidate = numberToIp(base + i);
    if (!used.has(candidate)) return candidate;
  }
  return null;
}
