// The kubelet's TLS bootstrap (kubelet pkg/kubelet/certificate/bootstrap), as
// the stand-in kubelet.exe performs it: with the bootstrap token of
// bootstrap-kubelet.conf it submits a CSR for system:node:<name> (signer
// kube-apiserver-client-kubelet), waits until the cluster signs it, keeps the
// key and certificate in the cert dir and writes kubelet.conf pointing at them.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { apiClient, klog, machinePath, readKubeconfig, rehearsalDir, sleep } from './common.mjs';

const CSR_PATH = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

function certificateRequest(keyPem, nodeName) {
  // node:crypto makes keys but no CSRs: openssl (as pki.ts uses) signs the request with the key kubelet keeps.
  const dir = fs.mkdtempSync(path.join(rehearsalDir(), 'csr-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    fs.writeFileSync(keyFile, keyPem, { mode: 0o600 });
    return execFileSync('openssl', ['req', '-new', '-key', keyFile, '-subj', `/O=system:nodes/CN=system:node:${nodeName}`], {
      encoding: 'utf8',
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function kubeletKubeconfig(server, caPem, pemFile) {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`,
    `    server: ${server}`,
    '  name: default-cluster',
    'contexts:',
    '- context:',
    '    cluster: default-cluster',
    '    namespace: default',
    '    user: default-auth',
    '  name: default-context',
    'current-context: default-context',
    'kind: Config',
    'preferences: {}',
    'users:',
    '- name: default-auth',
    '  user:',
    `    client-certificate: ${pemFile}`,
    `    client-key: ${pemFile}`,
    '',
  ].join('\n');
}

/**
 * Bootstraps the node's client certificate; returns when kubelet.conf is written.
 * `certDir` and `kubeconfig` are Windows paths (what kubelet was given); `waitSeconds` bounds the wait for signing.
 */
export async function tlsBootstrap({ bootstrapKubeconfig, kubeconfig, certDir, nodeName, waitSeconds = 900 }) {
  const bootstrap = readKubeconfig(bootstrapKubeconfig);
  if (!bootstrap.token && !bootstrap.cert)
    throw new Error(`unable to load bootstrap kubeconfig: ${bootstrapKubeconfig} holds no credentials`);
  const request = apiClient(bootstrapKubeconfig);
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyPem = privateKey.export({ type: 'sec1', format: 'pem' });
  const csrPem = certificateRequest(keyPem, nodeName);
  const created = await request('POST', CSR_PATH, {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { generateName: 'csr-' },
    spec: {
      request: Buffer.from(csrPem).toString('base64'),
      signerName: 'kubernetes.io/kube-apiserver-client-kubelet',
      usages: ['digital signature', 'client auth'],
    },
  });
  if (created.status !== 201 || !created.json?.metadata?.name) {
    throw new Error(`failed to run Kubelet: cannot create certificate signing request: ${created.json?.message ?? created.text.trim()}`);
  }
  const name = created.json.metadata.name;
  klog('I', `csr.go:261] certificate signing request ${name} is approved, waiting to be issued`);
  let certificate = null;
  for (let waited = 0; !certificate; waited += 1) {
    const current = await request('GET', `${CSR_PATH}/${name}`);
    const conditions = current.json?.status?.conditions ?? [];
    const refused = conditions.find((c) => c.type === 'Denied' || c.type === 'Failed');
    if (refused) throw new Error(`certificate request was not signed: ${refused.type}: ${refused.message ?? refused.reason ?? ''}`);
    if (current.json?.status?.certificate) certificate = Buffer.from(current.json.status.certificate, 'base64').toString('utf8');
    else if (waited >= waitSeconds)
      throw new Error('failed to run Kubelet: timed out waiting for the certificate signing request to be issued');
    else await sleep(1);
  }
  const pemFile = `${certDir.replace(/[\\/]+$/, '')}\\kubelet-client-current.pem`;
  const localPem = machinePath(pemFile);
  fs.mkdirSync(path.dirname(localPem), { recursive: true });
  fs.writeFileSync(localPem, certificate.trimEnd() + '\n' + keyPem, { mode: 0o600 });
  const localKubeconfig = machinePath(kubeconfig, { slashRooted: true });
  fs.mkdirSync(path.dirname(localKubeconfig), { recursive: true });
  fs.writeFileSync(localKubeconfig, kubeletKubeconfig(bootstrap.server, bootstrap.ca ?? '', pemFile), { mode: 0o600 });
  klog('I', `certificate_manager.go:356] kubernetes.io/kube-apiserver-client-kubelet: Certificate issued, rotation deadline is far away`);
}
