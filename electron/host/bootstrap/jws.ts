/**
 * The detached JWS kubeadm's discovery checks (cluster-bootstrap token/jws):
 * HS256 over the cluster-info kubeconfig, keyed by the token's 16-character
 * secret (not the whole "<id>.<secret>" token, whatever the kubernetes.io
 * page says: the code and its test vectors key with the secret only), with
 * the token id as the header's "kid". "Detached" means the payload part is
 * left empty: "<header>..<signature>".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

function headerOf(tokenId: string): string {
  // Go's encoding/json writes the fields in struct order: alg, then kid.
  return Buffer.from(JSON.stringify({ alg: 'HS256', kid: tokenId })).toString('base64url');
}

function mac(header: string, content: string, tokenSecret: string): string {
  const payload = Buffer.from(content, 'utf8').toString('base64url');
  return createHmac('sha256', tokenSecret).update(`${header}.${payload}`).digest('base64url');
}

/** What the bootstrap signer stores as data["jws-kubeconfig-<id>"] in cluster-info. */
export function computeDetachedSignature(content: string, tokenId: string, tokenSecret: string): string {
  const header = headerOf(tokenId);
  return `${header}..${mac(header, content, tokenSecret)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'algorithm' | 'key-id' | 'mismatch' };

/**
 * Checks a detached signature as kubeadm does before it trusts cluster-info:
 * a well-formed compact JWS with an empty payload, alg HS256, kid = the token
 * id, and a MAC over the content keyed by the token secret.
 */
export function checkDetachedSignature(jws: string, content: string, tokenId: string, tokenSecret: string): SignatureCheck {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[1] !== '' || !parts[0] || !parts[2]) return { ok: false, reason: 'malformed' };
  const [header, , signature] = parts as [string, string, string];
  let parsed: { alg?: unknown; kid?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (parsed.alg !== 'HS256') return { ok: false, reason: 'algorithm' };
  if (parsed.kid !== tokenId) return { ok: false, reason: 'key-id' };
  const expected = Buffer.from(mac(header, content, tokenSecret));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
