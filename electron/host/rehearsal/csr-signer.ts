/**
 * The simulated kube-controller-manager's CSR approver and kubelet client
 * signer: a CertificateSigningRequest for kubernetes.io/kube-apiserver-client-kubelet
 * whose subject is a node (O=system:nodes, CN=system:node:<name>) with client
 * usages is approved when kubeadm's auto-approve binding covers its requestor
 * (kubeadm:node-autoapprove-bootstrap for a bootstrap token, ...-certificate-rotation
 * for the node itself), then signed by the rehearsal CA with the openssl CLI
 * (as pki.ts issues the other certificates). Anything else stays pending, as a
 * real cluster leaves it for an administrator.
 *
 * The docker-sdn world (1.9, certificates.k8s.io/v1beta1) has no approver for
 * node credentials: an administrator approves (WinJoin does, with the admin
 * kubeconfig), and its signer then signs any approved client request (signApproved).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ClusterState, KubeObject } from './cluster-model.js';
import { bindingGrants } from './cluster-rbac.js';
import { openssl, randomSerial } from './pki.js';

const run = promisify(execFile);

export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
const ALLOWED_USAGES = ['digital signature', 'key encipherment', 'client auth'];

interface CsrSpec {
  request?: string;
  signerName?: string;
  usages?: string[];
  username?: string;
  groups?: string[];
}

/** The subject of a PEM CSR as "CN"/"O" values, after openssl checked its self-signature. */
async function csrSubject(dir: string, file: string): Promise<{ cn: string; orgs: string[] }> {
  const { stdout } = await run('openssl', ['req', '-in', file, '-noout', '-verify', '-subject', '-nameopt', 'RFC2253'], { cwd: dir });
  const line = /^subject=\s*(.*)$/m.exec(stdout)?.[1]?.trim() ?? '';
  const pairs = line.split(/,(?=[A-Z]+=)/).map((p) => p.split('=', 2) as [string, string]);
  return { cn: pairs.find(([k]) => k === 'CN')?.[1] ?? '', orgs: pairs.filter(([k]) => k === 'O').map(([, v]) => v) };
}

/**
 * What the API server's validation refuses on create (422 Invalid): a
 * request that is not a PEM CSR, no signerName, no usages.
 */
export function csrInvalidity(spec: unknown): string | null {
  const s = (spec ?? {}) as CsrSpec;
  if (!s.signerName) return 'spec.signerName: Required value';
  if (!Array.isArray(s.usages) || s.usages.length === 0) return 'spec.usages: Required value';
  const pem = s.request ? Buffer.from(s.request, 'base64').toString('utf8') : '';
  if (!/-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----/.test(pem))
    return 'spec.request: Invalid value: []byte{...}: PEM block type must be CERTIFICATE REQUEST';
  return null;
}

function approvedBy(state: ClusterState, spec: CsrSpec, cn: string): string | null {
  const requestor = { user: spec.username ?? '', groups: spec.groups ?? [] };
  if (requestor.user === cn && bindingGrants(state, 'kubeadm:node-autoapprove-certificate-rotation', requestor))
    return 'AutoApproved by the simulated csrapprover (node client certificate rotation)';
  if (requestor.groups.includes('system:bootstrappers') && bindingGrants(state, 'kubeadm:node-autoapprove-bootstrap', requestor))
    return 'Auto approving kubelet client certificate after SubjectAccessReview.';
  return null;
}

function condition(type: 'Approved' | 'Failed', reason: string, message: string) {
  const now = new Date().toISOString();
  return { type, status: 'True', reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

/** The CSR's certificate, issued by the rehearsal CA for client auth (as the controller-manager's signer issues it), base64 PEM. */
async function signWithCa(dir: string, csrFile: string, pkiDir: string): Promise<string> {
  fs.writeFileSync(
    path.join(dir, 'client.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    csrFile,
    '-CA',
    path.join(pkiDir, 'ca.crt'),
    '-CAkey',
    path.join(pkiDir, 'ca.key'),
    '-set_serial',
    randomSerial(),
    '-days',
    '365',
    '-sha256',
    '-extfile',
    'client.ext',
    '-out',
    'client.crt',
  ]);
  return fs.readFileSync(path.join(dir, 'client.crt')).toString('base64');
}

/** Runs `use` on the CSR's request in a scratch folder (openssl reads files), removed afterwards. */
async function withRequestFile<T>(spec: CsrSpec, use: (dir: string, csrFile: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-csr-'));
  try {
    const csrFile = path.join(dir, 'node.csr');
    fs.writeFileSync(csrFile, Buffer.from(spec.request ?? '', 'base64'));
    return await use(dir, csrFile);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const INVALID_REQUEST = {
  conditions: [condition('Failed', 'SignerValidationFailure', 'the request is not a valid PEM certificate request')],
};

/**
 * Approves and signs a node client CSR when the cluster would; returns the
 * status to store, or null to leave the CSR pending.
 */
export async function approveAndSign(state: ClusterState, csr: KubeObject, pkiDir: string): Promise<Record<string, unknown> | null> {
  const spec = (csr.spec ?? {}) as CsrSpec;
  if (spec.signerName !== KUBELET_CLIENT_SIGNER || !spec.request) return null;
  if (!(spec.usages ?? []).every((u) => ALLOWED_USAGES.includes(u)) || !(spec.usages ?? []).includes('client auth')) return null;
  return withRequestFile(spec, async (dir, csrFile) => {
    let subject;
    try {
      subject = await csrSubject(dir, csrFile);
    } catch {
      return INVALID_REQUEST;
    }
    if (!subject.cn.startsWith('system:node:') || subject.orgs.join(',') !== 'system:nodes') return null;
    const message = approvedBy(state, spec, subject.cn);
    if (!message) return null;
    return { conditions: [condition('Approved', 'AutoApproved', message)], certificate: await signWithCa(dir, csrFile, pkiDir) };
  });
}

/**
 * The 1.9 controller-manager's signer (certificates.k8s.io/v1beta1, no
 * signerName yet): an approved CSR whose usages a client certificate may have
 * is signed, whoever it names; approving is what an administrator decides.
 * Returns the status with the certificate, or null when there is nothing to sign.
 */
export async function signApproved(csr: KubeObject, pkiDir: string): Promise<Record<string, unknown> | null> {
  const spec = (csr.spec ?? {}) as CsrSpec;
  const status = (csr.status ?? {}) as { conditions?: { type: string }[]; certificate?: string };
  if (status.certificate || !status.conditions?.some((c) => c.type === 'Approved')) return null;
  if (status.conditions.some((c) => c.type === 'Denied' || c.type === 'Failed')) return null;
  if (!(spec.usages ?? []).every((u) => ALLOWED_USAGES.includes(u)) || !(spec.usages ?? []).includes('client auth')) return null;
  return withRequestFile(spec, async (dir, csrFile) => {
    try {
      await csrSubject(dir, csrFile);
    } catch {
      return { ...status, ...INVALID_REQUEST, conditions: [...status.conditions!, ...INVALID_REQUEST.conditions] };
    }
    return { ...status, certificate: await signWithCa(dir, csrFile, pkiDir) };
  });
}
