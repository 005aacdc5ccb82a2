// kubeadm's token discovery (kubeadm cmd/kubeadm/app/discovery/token), as the
// stand-in kubeadm.exe performs it against the simulated API server: an
// anonymous GET of kube-public/cluster-info without verifying the server, the
// detached JWS for the token id checked with the token secret, the CA pinned
// by the SHA-256 of its SubjectPublicKeyInfo, then the same object fetched
// again over TLS verified against that CA. Errors carry kubeadm's own words.
// A separate program from WinJoin's gate (electron/host/bootstrap), following
// the same published algorithm.
import crypto from 'node:crypto';
import { httpsJson } from './common.mjs';

const CLUSTER_INFO = '/api/v1/namespaces/kube-public/configmaps/cluster-info';

function kubeconfigField(text, name) {
  const match = new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(text);
  return match ? match[1] : null;
}

/** SHA-256 over the certificate's SubjectPublicKeyInfo DER, as kubeadm's pubkeypin.Hash. */
export function publicKeyPin(caPem) {
  const spki = new crypto.X509Certificate(caPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${crypto.createHash('sha256').update(spki).digest('hex')}`;
}

function verifyDetachedJws(jws, content, tokenId, tokenSecret) {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[1] !== '') return false;
  let header;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  if (header.alg !== 'HS256' || (header.kid !== undefined && header.kid !== tokenId)) return false;
  const expected = crypto
    .createHmac('sha256', tokenSecret)
    .update(`${parts[0]}.${Buffer.from(content).toString('base64url')}`)
    .digest();
  const given = Buffer.from(parts[2], 'base64url');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/**
 * Returns { caPem, server } once cluster-info is trusted; throws Error with kubeadm's message otherwise.
 * `fetchFailed` errors are retried by the caller (kubeadm keeps trying until its discovery timeout).
 */
export async function discover({ target, hostname, port, tokenId, tokenSecret, pins }) {
  let first;
  try {
    first = await httpsJson({ target, hostname, pathname: CLUSTER_INFO, insecure: true });
  } catch (error) {
    throw Object.assign(new Error(`Get "https://${hostname}:${port}${CLUSTER_INFO}?timeout=10s": ${error.message}`, { cause: error }), {
      retry: true,
    });
  }
  if (first.status !== 200 || !first.json?.data) {
    const reason = first.json?.message ?? first.text.trim();
    throw Object.assign(new Error(`failed to request the cluster-info ConfigMap: ${reason}`), { retry: first.status >= 500 });
  }
  const data = first.json.data;
  const kubeconfig = data.kubeconfig;
  if (typeof kubeconfig !== 'string') throw new Error('there is no kubeconfig key in the cluster-info ConfigMap');
  const signature = data[`jws-kubeconfig-${tokenId}`];
  if (typeof signature !== 'string') {
    throw new Error(
      `token id "${tokenId}" is invalid for this cluster or it has expired. Use "kubeadm token create" on the control-plane node to create a new valid token`,
    );
  }
  if (!verifyDetachedJws(signature, kubeconfig, tokenId, tokenSecret)) {
    throw new Error("failed to verify JWS signature of received cluster info object, can't trust this API Server");
  }
  const caData = kubeconfigField(kubeconfig, 'certificate-authority-data');
  const server = kubeconfigField(kubeconfig, 'server');
  if (!caData || !server) throw new Error("couldn't parse the kubeconfig file in the cluster-info ConfigMap: no cluster with a CA");
  const caPem = Buffer.from(caData, 'base64').toString('utf8');
  let pin;
  try {
    pin = publicKeyPin(caPem);
  } catch (error) {
    throw new Error(`failed to parse the certificate-authority-data of the cluster-info ConfigMap: ${error.message}`, { cause: error });
  }
  if (!pins.map((p) => p.toLowerCase()).includes(pin)) {
    throw new Error(`cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${pin}" are pinned`);
  }
  // Now that the CA is trusted, the same object over a verified connection must say the same.
  const second = await httpsJson({ target, hostname, pathname: CLUSTER_INFO, ca: caPem });
  if (second.json?.data?.kubeconfig !== kubeconfig) {
    throw new Error(
      'failed to validate the cluster-info ConfigMap: the second kubeconfig fetched over a secure connection was different from the first',
    );
  }
  return { caPem, server };
}
