/**
 * Who a request to the simulated containerd-kubeadm API server is, decided as
 * the real authenticators do: a client certificate signed by the cluster CA
 * (user = CN, groups = O), else a bootstrap-token bearer (valid only while
 * its Secret in kube-system exists, allows authentication and has not
 * expired; otherwise 401 even where anonymous access would do), else
 * system:anonymous.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { secretField, type TokenSecret } from '../bootstrap/signer.js';
import { BOOTSTRAP_TOKEN_SECRET_TYPE, bootstrapTokenSecretName, parseBootstrapToken } from '../bootstrap/token.js';
import type { ClusterState } from './cluster-model.js';
import { findObject, GENERIC_RESOURCES, HttpError } from './cluster-resources.js';

export interface Identity {
  user: string;
  groups: string[];
}

export const ANONYMOUS: Identity = { user: 'system:anonymous', groups: ['system:unauthenticated'] };

const SECRETS = GENERIC_RESOURCES.find((r) => r.plural === 'secrets')!;

function unauthorized(): HttpError {
  return new HttpError(401, 'Unauthorized', 'Unauthorized');
}

/** The identity of a bootstrap token "<id>.<secret>", or null when the cluster does not accept it now. */
export function bootstrapTokenIdentity(state: ClusterState, bearer: string, now: Date): Identity | null {
  const token = parseBootstrapToken(bearer);
  if (!token) return null;
  const secret = findObject(state, SECRETS, 'kube-system', bootstrapTokenSecretName(token.id)) as TokenSecret | undefined;
  if (!secret || secret.type !== BOOTSTRAP_TOKEN_SECRET_TYPE) return null;
  if (secretField(secret, 'token-id') !== token.id || secretField(secret, 'token-secret') !== token.secret) return null;
  if (secretField(secret, 'usage-bootstrap-authentication') !== 'true') return null;
  const expiration = secretField(secret, 'expiration');
  if (expiration && !(Date.parse(expiration) > now.getTime())) return null;
  const extra = (secretField(secret, 'auth-extra-groups') ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g.startsWith('system:bootstrappers:'));
  return { user: `system:bootstrap:${token.id}`, groups: ['system:bootstrappers', ...extra, 'system:authenticated'] };
}

function certificateIdentity(socket: TLSSocket): Identity | null {
  if (!socket.authorized) return null;
  const subject = socket.getPeerCertificate()?.subject as unknown as { CN?: string | string[]; O?: string | string[] } | undefined;
  const cn = Array.isArray(subject?.CN) ? subject.CN[0] : subject?.CN;
  if (!cn) return null;
  const orgs = subject?.O === undefined ? [] : Array.isArray(subject.O) ? subject.O : [subject.O];
  return { user: cn, groups: [...orgs, 'system:authenticated'] };
}

export function authenticate(req: IncomingMessage, state: ClusterState, now: Date): Identity {
  const fromCertificate = certificateIdentity(req.socket as TLSSocket);
  if (fromCertificate) return fromCertificate;
  const header = req.headers.authorization;
  if (header !== undefined) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const identity = bearer ? bootstrapTokenIdentity(state, bearer, now) : null;
    if (!identity) throw unauthorized();
    return identity;
  }
  return ANONYMOUS;
}
