/**
 * Network values the cluster itself suggests, from the Cluster access page's
 * connection test. Each hint says where it came from and whether it is read
 * from the cluster or estimated, because support staff must be able to tell
 * a fact from a guess. Hints fill a field only while it still holds the
 * guide's default and the user has not touched it: typed values always win.
 */
import type { CallResponse } from '../../../shared/ipc/contract.js';
import { isIpv4, parseIpv4Cidr } from '../../../shared/validation/network.js';
import type { Draft } from '../../state/draft.js';

export type ClusterProbe = CallResponse<'cluster:probe'>;
export type HintField = 'masterIp' | 'clusterCidr' | 'serviceCidr' | 'dnsServiceIp';
export const HINT_FIELDS: readonly HintField[] = ['masterIp', 'clusterCidr', 'serviceCidr', 'dnsServiceIp'];

export interface Hint {
  value: string;
  /** i18n key under pages.network.hintSource: what the value was read or estimated from. */
  source: 'server' | 'dns' | 'serviceFromDns' | 'podCidrs' | 'kubeadmConfig';
  /** What the source said, quoted in the note (the server URL, the DNS IP, the nodes' ranges). */
  from: string;
  estimate: boolean;
}

export type Hints = Partial<Record<HintField, Hint>>;

const toInt = (ip: string) => ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/** Leading bits two addresses share. */
function commonBits(a: number, b: number): number {
  let bits = 0;
  while (bits < 32 && Math.floor(a / 2 ** (31 - bits)) === Math.floor(b / 2 ** (31 - bits))) bits++;
  return bits;
}

function network(ip: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) * size;
}

/**
 * The cluster CIDR the nodes' ranges come from. Node ranges are slices of
 * it, so the range spans at least what they share; /16 is the widest
 * kubeadm and the guide hand out per cluster, so a single node's /24 widens
 * to its /16 rather than claiming the cluster is that one /24.
 */
export function clusterCidrFromNodes(podCidrs: readonly string[]): string | null {
  const parsed = podCidrs.map(parseIpv4Cidr).filter((c) => c !== null);
  if (parsed.length === 0) return null;
  const first = toInt(parsed[0]!.address.toString());
  let prefix = Math.min(16, ...parsed.map((c) => c.prefix));
  for (const c of parsed) prefix = Math.min(prefix, commonBits(first, toInt(c.address.toString())));
  return `${toIp(network(first, prefix))}/${prefix}`;
}

/** kube-dns is the tenth address of the service range; kubeadm's 10.96.0.10 belongs to 10.96.0.0/12, others to their /16. */
export function serviceCidrFromDns(dnsIp: string): string | null {
  if (!isIpv4(dnsIp)) return null;
  const prefix = dnsIp === '10.96.0.10' ? 12 : 16;
  return `${toIp(network(toInt(dnsIp), prefix))}/${prefix}`;
}

/**
 * The master IP as the plan will use it: the kubeconfig's own server address. A probe may have
 * reached the API server another way (the rehearsal's loopback listener), so its address comes second.
 */
export function masterIpHint(kubeconfigServer: string | null | undefined, probeServer?: string | null): Hint | null {
  for (const server of [kubeconfigServer, probeServer]) {
    const host = server ? hostOf(server) : null;
    if (server && host && isIpv4(host)) return { value: host, source: 'server', from: server, estimate: false };
  }
  return null;
}

export function clusterHints(probe: ClusterProbe | null, kubeconfigServer?: string | null): Hints {
  const hints: Hints = {};
  const master = masterIpHint(kubeconfigServer, probe?.ok ? probe.server : null);
  if (master) hints.masterIp = master;
  if (!probe?.ok) return hints;
  if (probe.dnsServiceIp && isIpv4(probe.dnsServiceIp)) {
    hints.dnsServiceIp = { value: probe.dnsServiceIp, source: 'dns', from: probe.dnsServiceIp, estimate: false };
    const service = serviceCidrFromDns(probe.dnsServiceIp);
    if (service) hints.serviceCidr = { value: service, source: 'serviceFromDns', from: probe.dnsServiceIp, estimate: true };
  }
  const ranges = probe.nodes.map((n) => n.podCidr).filter((c): c is string => Boolean(c));
  const cluster = clusterCidrFromNodes(ranges);
  if (cluster) hints.clusterCidr = { value: cluster, source: 'podCidrs', from: ranges.join(', '), estimate: true };
  // kubeadm-config states the ranges the cluster was set up with: a fact, ahead of any estimate.
  const { podSubnet, serviceSubnet } = probe.kubeadmNetworking ?? {};
  if (podSubnet && parseIpv4Cidr(podSubnet))
    hints.clusterCidr = { value: podSubnet, source: 'kubeadmConfig', from: 'kubeadm-config', estimate: false };
  if (serviceSubnet && parseIpv4Cidr(serviceSubnet))
    hints.serviceCidr = { value: serviceSubnet, source: 'kubeadmConfig', from: 'kubeadm-config', estimate: false };
  return hints;
}

function hostOf(server: string): string | null {
  try {
    return new URL(server).hostname;
  } catch {
    return null;
  }
}

/**
 * The fields hints may fill: only those still at the guide's default (the
 * master IP: still empty) that the user has not left after typing.
 */
export function applyHints(
  current: Draft['network'],
  defaults: Draft['network'],
  touched: Record<string, true>,
  hints: Hints,
): { patch: Partial<Draft['network']>; applied: HintField[] } {
  const patch: Partial<Draft['network']> = {};
  const applied: HintField[] = [];
  for (const field of HINT_FIELDS) {
    const hint = hints[field];
    if (!hint || touched[`network.${field}`] || current[field] === hint.value) continue;
    const untouchedValue = field === 'masterIp' ? current[field].trim() === '' : current[field] === defaults[field];
    if (!untouchedValue) continue;
    patch[field] = hint.value;
    applied.push(field);
  }
  return { patch, applied };
}
