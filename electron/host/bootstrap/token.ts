/**
 * kubeadm bootstrap tokens: "<id>.<secret>", each part from [a-z0-9], backed
 * by the Secret kube-system/bootstrap-token-<id> that `kubeadm token create`
 * writes (reference §4.1). WinJoin creates the same Secret through the API
 * with a short lifetime: the bootstrap signer then adds the token's signature
 * to cluster-info, and the token cleaner deletes it when it expires.
 */
import { randomInt } from 'node:crypto';
import { BOOTSTRAP_TOKEN_PATTERN } from '../../../shared/answers.js';
import type { ClusterClient } from '../cluster/client.js';
import { CREATED_TOKEN_TTL_MS } from '../../../shared/answers.js';

export interface BootstrapToken {
  id: string;
  secret: string;
}

/** The group kubeadm puts joining nodes in; its ClusterRoleBindings let them post and auto-approve their CSR. */
export const KUBEADM_NODE_BOOTSTRAP_GROUP = 'system:bootstrappers:kubeadm:default-node-token';
export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
/** Long enough for a join that waits for a restart, far shorter than kubeadm's 24 h default. */
export const DEFAULT_TOKEN_TTL_MS = CREATED_TOKEN_TTL_MS;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function parseBootstrapToken(token: string): BootstrapToken | null {
  const m = BOOTSTRAP_TOKEN_PATTERN.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

export function formatBootstrapToken(token: BootstrapToken): string {
  return `${token.id}.${token.secret}`;
}

function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function generateBootstrapToken(): BootstrapToken {
  return { id: randomString(6), secret: randomString(16) };
}

export function bootstrapTokenSecretName(tokenId: string): string {
  return `bootstrap-token-${tokenId}`;
}

/** The Secret kubeadm itself creates for a join token (expiration in RFC 3339, without milliseconds as kubeadm writes it). */
export function bootstrapTokenSecret(token: BootstrapToken, expires: Date, description = 'Created by WinJoin to join a Windows node') {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: bootstrapTokenSecretName(token.id), namespace: 'kube-system' },
    type: BOOTSTRAP_TOKEN_SECRET_TYPE,
    stringData: {
      description,
      'token-id': token.id,
      'token-secret': token.secret,
      expiration: expires.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'usage-bootstrap-authentication': 'true',
      'usage-bootstrap-signing': 'true',
      'auth-extra-groups': KUBEADM_NODE_BOOTSTRAP_GROUP,
    },
  };
}

/**
 * Creates a fresh token through the API with the kubeconfig's rights (create
 * secrets in kube-system). An id collision (409) is retried with a new token.
 */
export async function createBootstrapToken(
  client: ClusterClient,
  options: { ttlMs?: number; now?: () => Date; generate?: () => BootstrapToken } = {},
): Promise<{ token: BootstrapToken; expires: Date }> {
  const now = options.now ?? (() => new Date());
  const generate = options.generate ?? generateBootstrapToken;
  for (let attempt = 0; ; attempt++) {
    const token = generate();
    const expires = new Date(now().getTime() + (options.ttlMs ?? DEFAULT_TOKEN_TTL_MS));
    try {
      await client.send('POST', '/api/v1/namespaces/kube-system/secrets', bootstrapTokenSecret(token, expires));
      return { token, expires };
    } catch (error) {
      if (attempt < 2 && (error as { status?: number }).status === 409) continue;
      throw error;
    }
  }
}

/**
 * When a pasted token stops working, read from its Secret's `expiration`, so
 * the wizard can say "valid until 14:32" before the admin starts a long join.
 * Only that field is decoded; the Secret also holds the token's secret part,
 * which is never kept. Null when the kubeconfig may not read Secrets in
 * kube-system, the Secret is gone, or it sets no expiration (a token that
 * never expires): the page then says only that the token verifies.
 */
export async function readBootstrapTokenExpiry(client: ClusterClient, tokenId: string): Promise<string | null> {
  let secret: { data?: Record<string, string> };
  try {
    secret = await client.get(`/api/v1/namespaces/kube-system/secrets/${bootstrapTokenSecretName(tokenId)}`);
  } catch {
    return null;
  }
  const encoded = secret.data?.expiration;
  if (!encoded) return null;
  const expires = new Date(Buffer.from(encoded, 'base64').toString('utf8'));
  return Number.isNaN(expires.getTime()) ? null : expires.toISOString();
}
