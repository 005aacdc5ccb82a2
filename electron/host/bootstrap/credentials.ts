/**
 * The join credentials of a containerd-kubeadm join, settled and verified
 * before the Windows machine changes: the token (pasted, or created through
 * the API), the CA pin (pasted, or computed from the kubeconfig's CA for the
 * user to confirm) and the endpoint (pasted, or the kubeconfig's server);
 * then kubeadm's own discovery is run against them (discovery.ts), so what
 * fails here would have failed in `kubeadm join`, with the culprit named.
 */
import type { Answers } from '../../../shared/answers.js';
import { WinJoinError } from '../../../shared/errors.js';
import { bootstrapTokenSecrets } from '../../../shared/redact.js';
import type { ClusterClient } from '../cluster/client.js';
import { caCertHash } from './ca-pin.js';
import { checkClusterCaPin, discoverCluster, type ClusterInfoFetcher } from './discovery.js';
import { createBootstrapToken, formatBootstrapToken, parseBootstrapToken, readBootstrapTokenExpiry, type BootstrapToken } from './token.js';

export interface JoinCredentials {
  /** "<id>.<secret>": a secret; never logged (see secrets). */
  token: string;
  tokenId: string;
  caCertHash: string;
  /** host:port for `kubeadm join`. */
  endpoint: string;
  tokenCreated: boolean;
  /** When the token stops working (RFC 3339): a created one's; a pasted one's when the kubeconfig may read its Secret; else null. */
  tokenExpires: string | null;
  /** Where the pin came from; "kubeconfig" means the user has not typed it and must confirm it. */
  caCertHashSource: 'answers' | 'kubeconfig';
  /** Values to redact wherever output goes. */
  secrets: string[];
}

/** "https://10.1.2.3:6443/" -> "10.1.2.3:6443" (kubeadm join takes host:port). */
export function endpointOfServer(server: string): string {
  const url = new URL(server);
  return `${url.hostname.includes(':') && !url.hostname.startsWith('[') ? `[${url.hostname}]` : url.hostname}:${url.port || '443'}`;
}

/** The pins the CA is checked against: the user's, or the kubeconfig CA's for the user to confirm. */
function pinsOf(
  join: Answers['join'],
  kubeconfigCa: string | null,
): { pins: string[]; caCertHashSource: JoinCredentials['caCertHashSource'] } {
  if (join.caCertHash) return { pins: [join.caCertHash], caCertHashSource: 'answers' };
  if (kubeconfigCa) return { pins: [caCertHash(kubeconfigCa)], caCertHashSource: 'kubeconfig' };
  throw new WinJoinError('E_JOIN_CA_PIN', 'join.caCertHash is null and the kubeconfig names no CA to compute it from', {
    field: 'join.caCertHash',
    actual: '',
    expected: '',
  });
}

/** What the wizard shows of the credentials before the join: never the token; tokenId null while WinJoin is still to create it. */
export type CheckedCredentials = Omit<JoinCredentials, 'token' | 'secrets' | 'tokenId'> & { tokenId: string | null };

/**
 * The credentials checked as the join will check them, without creating a
 * token: a pasted token goes through kubeadm's whole discovery, a token WinJoin
 * is to create only through the CA pin (it does not exist yet).
 */
export async function checkJoinCredentials(options: {
  join: Answers['join'];
  server: string;
  kubeconfigCa: string | null;
  fetchFor: (endpoint: string) => ClusterInfoFetcher;
  /** A pasted token's expiry as the cluster records it, when the kubeconfig may read it. */
  readExpiry?: (tokenId: string) => Promise<string | null>;
}): Promise<CheckedCredentials> {
  const { join } = options;
  const endpoint = join.apiServerEndpoint ?? endpointOfServer(options.server);
  const { pins, caCertHashSource } = pinsOf(join, options.kubeconfigCa);
  const fetch = options.fetchFor(endpoint);
  const token = join.token ? parseBootstrapToken(join.token) : null;
  if (join.token && !token) throw new WinJoinError('E_INVALID_ANSWERS', 'join.token is not a bootstrap token', { field: 'join.token' });
  const discovered = token
    ? await discoverCluster({ endpoint, token, caCertHashes: pins, fetch })
    : await checkClusterCaPin({ endpoint, caCertHashes: pins, fetch });
  return {
    tokenId: token?.id ?? null,
    caCertHash: discovered.caCertHash,
    endpoint,
    tokenCreated: token === null,
    tokenExpires: token && options.readExpiry ? await options.readExpiry(token.id) : null,
    caCertHashSource,
  };
}

export async function settleJoinCredentials(options: {
  join: Answers['join'];
  /** The kubeconfig's server and CA (PEM). */
  server: string;
  kubeconfigCa: string | null;
  /** Admin client: creates the token, or reads a pasted one's expiry. */
  client: () => Promise<ClusterClient>;
  fetchFor: (endpoint: string) => ClusterInfoFetcher;
  ttlMs?: number;
}): Promise<JoinCredentials> {
  const { join } = options;
  const endpoint = join.apiServerEndpoint ?? endpointOfServer(options.server);

  const { pins, caCertHashSource } = pinsOf(join, options.kubeconfigCa);

  let token: BootstrapToken;
  let tokenExpires: string | null;
  if (join.token) {
    const parsed = parseBootstrapToken(join.token);
    // The schema already refused other shapes; this keeps a caller that skipped it honest.
    if (!parsed) throw new WinJoinError('E_INVALID_ANSWERS', 'join.token is not a bootstrap token', { field: 'join.token' });
    token = parsed;
    // Best effort: a kubeconfig that may not read Secrets still joins with a pasted token.
    tokenExpires = await options
      .client()
      .then((client) => readBootstrapTokenExpiry(client, parsed.id))
      .catch(() => null);
  } else {
    const created = await createBootstrapToken(await options.client(), { ttlMs: options.ttlMs });
    token = created.token;
    tokenExpires = created.expires.toISOString();
  }

  const discovered = await discoverCluster({ endpoint, token, caCertHashes: pins, fetch: options.fetchFor(endpoint) });
  const text = formatBootstrapToken(token);
  return {
    token: text,
    tokenId: token.id,
    caCertHash: discovered.caCertHash,
    endpoint,
    tokenCreated: join.token === null,
    tokenExpires,
    caCertHashSource,
    secrets: bootstrapTokenSecrets(text),
  };
}
