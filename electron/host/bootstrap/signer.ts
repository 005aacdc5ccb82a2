/**
 * What kubeadm's bootstrap signer controller keeps in kube-public/cluster-info:
 * the cluster's kubeconfig (server and CA, no credentials) and one detached
 * signature per bootstrap token that is marked for signing and not expired.
 * WinJoin itself never signs for a real cluster; test doubles and the
 * rehearsal's simulated cluster use this so the discovery they exercise is
 * the real protocol.
 */
import { computeDetachedSignature } from './jws.js';
import { BOOTSTRAP_TOKEN_SECRET_TYPE } from './token.js';

export interface TokenSecret {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** A Secret's value whether written as stringData or stored base64 in data (as the API server returns it). */
export function secretField(secret: TokenSecret, key: string): string | undefined {
  if (secret.stringData?.[key] !== undefined) return secret.stringData[key];
  const b64 = secret.data?.[key];
  return b64 === undefined ? undefined : Buffer.from(b64, 'base64').toString('utf8');
}

export function clusterInfoKubeconfig(server: string, caPem: string): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`,
    `    server: ${server}`,
    '  name: ""',
    'contexts: null',
    'current-context: ""',
    'kind: Config',
    'preferences: {}',
    'users: null',
    '',
  ].join('\n');
}

/** True while a token Secret may sign: typed, marked for signing, expiration (if any) in the future. */
export function tokenSigns(secret: TokenSecret, now: Date): boolean {
  if (secret.type !== BOOTSTRAP_TOKEN_SECRET_TYPE || secretField(secret, 'usage-bootstrap-signing') !== 'true') return false;
  const expiration = secretField(secret, 'expiration');
  return !expiration || Date.parse(expiration) > now.getTime();
}

export function signedClusterInfo(kubeconfig: string, secrets: readonly TokenSecret[], now: Date): Record<string, string> {
  const data: Record<string, string> = { kubeconfig };
  for (const secret of secrets) {
    const id = secretField(secret, 'token-id');
    const tokenSecret = secretField(secret, 'token-secret');
    if (!id || tokenSecret === undefined || !tokenSigns(secret, now)) continue;
    data[`jws-kubeconfig-${id}`] = computeDetachedSignature(kubeconfig, id, tokenSecret);
  }
  return data;
}
