/**
 * kubeadm's token discovery (kubeadm discovery/token/token.go, reference
 * §4.2), done by WinJoin before the Windows machine changes, so a wrong token
 * or CA pin is reported at once and by name instead of as a kubeadm join that
 * hangs or fails on the node:
 *  1. GET kube-public/cluster-info without credentials and without checking
 *     TLS (the CA is what is being discovered);
 *  2. the token's signature jws-kubeconfig-<id> must be there (the bootstrap
 *     signer drops it when the token expires or never existed);
 *  3. the signature must verify with the token secret;
 *  4. its kubeconfig must hold exactly one cluster with one CA certificate;
 *  5. that CA's public-key pin must be one of the pinned hashes;
 *  6. a second GET, now trusting only that CA, must return the same kubeconfig.
 */
import { parse as parseYaml } from 'yaml';
import { WinJoinError } from '../../../shared/errors.js';
import { caCertHash, normalizeCaCertHash } from './ca-pin.js';
import { checkDetachedSignature } from './jws.js';
import type { BootstrapToken } from './token.js';

export const CLUSTER_INFO_PATH = '/api/v1/namespaces/kube-public/configmaps/cluster-info';

/** Reads cluster-info's data; ca = null means "do not verify TLS" (step 1), a PEM means "trust only this CA" (step 6). */
export type ClusterInfoFetcher = (ca: string | null) => Promise<Record<string, string>>;

export interface DiscoveryResult {
  /** The pin of the CA cluster-info carries (what the node will trust). */
  caCertHash: string;
  caPem: string;
  /** The server cluster-info names: where the node's kubelet will talk after joining. */
  server: string;
}

function fail(
  code: 'E_JOIN_CLUSTER_INFO' | 'E_JOIN_TOKEN_UNKNOWN' | 'E_JOIN_TOKEN_SIGNATURE' | 'E_JOIN_CA_PIN',
  message: string,
  params: Record<string, string>,
): never {
  throw new WinJoinError(code, message, params);
}

async function fetchData(fetch: ClusterInfoFetcher, ca: string | null, endpoint: string): Promise<Record<string, string>> {
  try {
    return await fetch(ca);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail('E_JOIN_CLUSTER_INFO', `cluster-info cannot be read anonymously from ${endpoint}: ${reason}`, { endpoint, reason });
  }
}

function singleClusterCa(kubeconfig: string, endpoint: string): { caPem: string; server: string } {
  let doc: { clusters?: { cluster?: { 'certificate-authority-data'?: string; server?: string } }[] };
  try {
    doc = parseYaml(kubeconfig) as typeof doc;
  } catch (error) {
    return fail('E_JOIN_CLUSTER_INFO', `cluster-info holds a kubeconfig that does not parse: ${(error as Error).message}`, {
      endpoint,
      reason: 'kubeconfig-unparsable',
    });
  }
  const clusters = Array.isArray(doc?.clusters) ? doc.clusters : [];
  if (clusters.length !== 1)
    fail('E_JOIN_CLUSTER_INFO', `cluster-info's kubeconfig has ${clusters.length} clusters; kubeadm needs exactly one`, {
      endpoint,
      reason: 'cluster-count',
    });
  const data = clusters[0]?.cluster?.['certificate-authority-data'];
  const caPem = data ? Buffer.from(data, 'base64').toString('utf8') : '';
  if (!caPem.includes('-----BEGIN CERTIFICATE-----'))
    fail('E_JOIN_CLUSTER_INFO', "cluster-info's kubeconfig has no certificate-authority-data", { endpoint, reason: 'no-ca' });
  return { caPem, server: clusters[0]?.cluster?.server ?? '' };
}

/** cluster-info's one CA, its pin, and the check that the pin is one the user gave (kubeadm's step 5). */
function pinnedClusterCa(kubeconfig: string, endpoint: string, caCertHashes: string[]): { caPem: string; server: string; pin: string } {
  const { caPem, server } = singleClusterCa(kubeconfig, endpoint);
  let pin: string;
  try {
    pin = caCertHash(caPem);
  } catch (error) {
    return fail('E_JOIN_CLUSTER_INFO', `cluster-info's CA certificate cannot be read: ${(error as Error).message}`, {
      endpoint,
      reason: 'bad-ca',
    });
  }
  const pinned = caCertHashes.map(normalizeCaCertHash).filter((p): p is string => p !== null);
  if (!pinned.includes(pin))
    fail('E_JOIN_CA_PIN', `the cluster CA's public key ${pin} is not the pinned ${pinned.join(', ') || '(none)'}`, {
      actual: pin,
      expected: pinned.join(', '),
    });
  return { caPem, server, pin };
}

/**
 * The CA pin alone, for the wizard's readiness before any token exists (WinJoin
 * creates one only when the join starts): cluster-info read anonymously, its
 * CA compared with the pins. The signature is checked by discoverCluster.
 */
export async function checkClusterCaPin(options: {
  endpoint: string;
  caCertHashes: string[];
  fetch: ClusterInfoFetcher;
}): Promise<DiscoveryResult> {
  const data = await fetchData(options.fetch, null, options.endpoint);
  if (!data.kubeconfig)
    fail('E_JOIN_CLUSTER_INFO', 'cluster-info has no kubeconfig entry', { endpoint: options.endpoint, reason: 'no-kubeconfig' });
  const { caPem, server, pin } = pinnedClusterCa(data.kubeconfig, options.endpoint, options.caCertHashes);
  return { caCertHash: pin, caPem, server };
}

export async function discoverCluster(options: {
  endpoint: string;
  token: BootstrapToken;
  /** The accepted pins (sha256:<hex>, any case). */
  caCertHashes: string[];
  fetch: ClusterInfoFetcher;
}): Promise<DiscoveryResult> {
  const { endpoint, token } = options;
  const first = await fetchData(options.fetch, null, endpoint);
  const kubeconfig = first.kubeconfig;
  if (!kubeconfig) fail('E_JOIN_CLUSTER_INFO', 'cluster-info has no kubeconfig entry', { endpoint, reason: 'no-kubeconfig' });

  const signature = first[`jws-kubeconfig-${token.id}`];
  if (!signature)
    fail(
      'E_JOIN_TOKEN_UNKNOWN',
      `token id "${token.id}" is invalid for this cluster or it has expired: cluster-info carries no signature for it`,
      { tokenId: token.id, endpoint },
    );
  const check = checkDetachedSignature(signature, kubeconfig, token.id, token.secret);
  if (!check.ok)
    fail(
      'E_JOIN_TOKEN_SIGNATURE',
      `the cluster-info signature for token id "${token.id}" does not verify with this token's secret (${check.reason})`,
      {
        tokenId: token.id,
        reason: check.reason,
      },
    );

  const { caPem, server, pin } = pinnedClusterCa(kubeconfig, endpoint, options.caCertHashes);
  const second = await fetchData(options.fetch, caPem, endpoint);
  if (second.kubeconfig !== kubeconfig)
    fail('E_JOIN_CLUSTER_INFO', 'cluster-info read over TLS verified with its own CA differs from the first read', {
      endpoint,
      reason: 'changed',
    });
  return { caCertHash: pin, caPem, server };
}
