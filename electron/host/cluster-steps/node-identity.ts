/**
 * Step "kubeconfig" of a docker-sdn join: the node's own identities through
 * the cluster's CSR API, so the admin kubeconfig never reaches the node
 * (issue 19, point 4). WinJoin's process holds the admin kubeconfig; the keys
 * are made on the node by kubeconfig-keys.ps1, which returns only the two
 * certificate requests. Here they are sent as CertificateSigningRequests
 * (kubelet's for system:node:<name> in system:nodes, kube-proxy's for
 * system:kube-proxy), approved with the admin credentials as an administrator
 * would with `kubectl certificate approve`, and their certificates handed to
 * kubeconfig.ps1, which writes kubelet's and kube-proxy's kubeconfigs on the
 * node (one cluster, one user each).
 *
 * certificates.k8s.io/v1 exists from Kubernetes 1.19; the guide's 1.9
 * clusters serve only v1beta1, which has no signerName before 1.18 (the
 * field is then dropped as unknown; 1.18+ uses it). A cluster that denies the
 * request, or whose signer issues nothing (kube-controller-manager without
 * --cluster-signing-cert-file), fails the step with E_NODE_CSR_NOT_ISSUED.
 *
 * A re-run changes nothing that is still good: kubeconfig-keys.ps1 returns no
 * request for an identity whose kubeconfig it keeps, and a request's name is
 * derived from the node and its public key (winjoin-<node>-<kubelet|kube-proxy>-
 * <16 hex of SHA-256 of the key>), so the request of a key still waiting from
 * an interrupted run is found again on the cluster and reused (approved if it
 * was not yet, its certificate taken if issued) instead of being sent anew.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WinJoinError } from '../../../shared/errors.js';
import type { StepContext, StepOutcome } from '../../join/types.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import { emitLine as line } from './step-events.js';

/** Runs a script of electron/powershell/steps on the node under this step's id. */
export type RunOnNode = (script: string, params: Record<string, unknown>) => Promise<StepOutcome>;

export interface NodeIdentityDeps {
  client: ClusterClient;
  runOnNode: RunOnNode;
  /** The API server and CA (PEM) the node's kubeconfigs name: the admin kubeconfig's, as the node reaches it. */
  server: string;
  ca?: string;
  pollMs?: number;
}

export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
export const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
const USAGES = ['digital signature', 'key encipherment', 'client auth'];
const GROUP = '/apis/certificates.k8s.io';

interface CsrJson {
  metadata: { name: string };
  spec?: { request?: string };
  status?: { certificate?: string; conditions?: { type: string; reason?: string; message?: string }[] };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** v1 when the server has it, else v1beta1 (Kubernetes before 1.19). */
async function csrVersion(client: ClusterClient): Promise<'v1' | 'v1beta1'> {
  try {
    await client.get(`${GROUP}/v1`);
    return 'v1';
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 404) return 'v1beta1';
    throw error;
  }
}

function notIssued(name: string, user: string, reason: string): WinJoinError {
  return new WinJoinError('E_NODE_CSR_NOT_ISSUED', `The cluster issued no certificate for ${user} (CSR ${name}): ${reason}`, {
    csr: name,
    user,
    reason,
  });
}

/** One DER element at `at`: where its content starts and where it ends. */
function derElement(der: Buffer, at: number): { content: number; end: number } {
  const first = der[at + 1];
  if (first === undefined) throw new Error('truncated DER');
  let length = first;
  let content = at + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count < 1 || count > 3) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[content + i] ?? 0);
    content += count;
  }
  if (content + length > der.length) throw new Error('truncated DER');
  return { content, end: content + length };
}

/**
 * The first 16 hex digits of the SHA-256 of a PEM certificate request's public key
 * (its SubjectPublicKeyInfo, the third element of CertificationRequestInfo).
 */
export function requestKeyId(csrBase64: string): string {
  const pem = Buffer.from(csrBase64, 'base64').toString('ascii');
  const body = /-----BEGIN CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE REQUEST-----/.exec(pem)?.[1];
  if (!body) throw new WinJoinError('E_STEP_FAILED', 'kubeconfig-keys.ps1 returned something that is not a PEM certificate request');
  const der = Buffer.from(body.replace(/\s/g, ''), 'base64');
  const info = derElement(der, derElement(der, 0).content);
  const version = derElement(der, info.content);
  const subject = derElement(der, version.end);
  const spkiStart = subject.end;
  const spki = derElement(der, spkiStart);
  return createHash('sha256').update(der.subarray(spkiStart, spki.end)).digest('hex').slice(0, 16);
}

/** The request already on the cluster under that name, or null. */
async function existing(client: ClusterClient, path: string): Promise<CsrJson | null> {
  try {
    return await client.get<CsrJson>(path);
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 404) return null;
    throw error;
  }
}

/**
 * Sends one request (or finds the one an earlier run sent for the same key), approves it unless
 * it already is, and waits for its certificate (base64 PEM, as status.certificate holds it).
 */
async function issue(
  context: StepContext,
  deps: NodeIdentityDeps,
  version: 'v1' | 'v1beta1',
  request: { csr: string; user: string; signerName: string; label: string; nodeName: string },
): Promise<{ name: string; certificate: string }> {
  const { client } = deps;
  const base = `${GROUP}/${version}/certificatesigningrequests`;
  const name = `winjoin-${request.nodeName}-${request.label}-${requestKeyId(request.csr)}`;
  let created = await existing(client, `${base}/${name}`);
  if (created) {
    if (created.spec?.request !== request.csr)
      throw notIssued(
        name,
        request.user,
        `a request of that name on the cluster holds another request; delete it (kubectl delete csr ${name}) and run the step again`,
      );
    line(context, `certificate signing request ${name} for ${request.user} is already on the cluster (sent by an earlier run): reused`);
  } else {
    try {
      await client.send('POST', base, {
        apiVersion: `certificates.k8s.io/${version}`,
        kind: 'CertificateSigningRequest',
        metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'winjoin' } },
        spec: { request: request.csr, signerName: request.signerName, usages: USAGES },
      });
    } catch (error) {
      // Sent meanwhile by another run for the same key: it is the same request.
      if (!(error instanceof ApiStatusError && error.status === 409)) throw error;
    }
    line(context, `certificate signing request ${name} sent for ${request.user}`);
    created = await client.get<CsrJson>(`${base}/${name}`);
  }
  const types = (created.status?.conditions ?? []).map((c) => c.type);
  if (!types.includes('Approved') && !types.includes('Denied') && !types.includes('Failed') && !created.status?.certificate) {
    await client.send('PUT', `${base}/${name}/approval`, {
      ...created,
      status: {
        ...(created.status ?? {}),
        conditions: [
          ...(created.status?.conditions ?? []),
          {
            type: 'Approved',
            status: 'True',
            reason: 'WinJoinApproved',
            message: `approved by WinJoin for the node it joins (${request.nodeName})`,
          },
        ],
      },
    });
    line(context, `certificate signing request ${name} approved`);
  }
  const waitSeconds = typeof context.step.params.waitSeconds === 'number' ? context.step.params.waitSeconds : 120;
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const current = await client.get<CsrJson>(`${base}/${name}`);
    const refused = current.status?.conditions?.find((c) => c.type === 'Denied' || c.type === 'Failed');
    if (refused) throw notIssued(name, request.user, `${refused.type}: ${refused.reason ?? ''} ${refused.message ?? ''}`.trim());
    if (current.status?.certificate) return { name, certificate: current.status.certificate };
    if (Date.now() > deadline || context.signal.aborted)
      throw notIssued(
        name,
        request.user,
        `approved, but no certificate after ${waitSeconds} s (is the controller-manager's signer configured?)`,
      );
    await sleep(deps.pollMs ?? 1000);
  }
}

export async function runNodeIdentityStep(context: StepContext, deps: NodeIdentityDeps): Promise<StepOutcome> {
  const params = context.step.params;
  const node = { installDir: params.installDir, stateDir: params.stateDir };
  const cluster = { server: deps.server, caData: deps.ca ? Buffer.from(deps.ca, 'utf8').toString('base64') : '' };

  // The keys script keeps an identity still good for this server and CA, and returns no request for it.
  const keys = await deps.runOnNode('kubeconfig-keys.ps1', { ...node, nodeName: params.nodeName, ...cluster });
  if (keys.status === 'failed') return keys;
  const nodeName = str(keys.facts?.nodeName);
  const kubeletCsr = str(keys.facts?.kubeletCsr);
  const kubeProxyCsr = str(keys.facts?.kubeProxyCsr);
  if (!nodeName || typeof keys.facts?.kubeletCsr !== 'string' || typeof keys.facts.kubeProxyCsr !== 'string')
    throw new WinJoinError('E_STEP_FAILED', 'kubeconfig-keys.ps1 returned no certificate requests');

  const wanted = [
    { csr: kubeletCsr, user: `system:node:${nodeName}`, signerName: KUBELET_CLIENT_SIGNER, label: 'kubelet', nodeName },
    { csr: kubeProxyCsr, user: 'system:kube-proxy', signerName: CLIENT_SIGNER, label: 'kube-proxy', nodeName },
  ].filter((request) => request.csr);
  const version = wanted.length > 0 ? await csrVersion(deps.client) : null;
  const issued: Record<string, { name: string; certificate: string }> = {};
  for (const request of wanted) issued[request.label] = await issue(context, deps, version!, request);
  if (wanted.length === 0) line(context, `kubelet and kube-proxy keep their identities on the node: nothing to sign`);
  const written = await deps.runOnNode('kubeconfig.ps1', {
    ...node,
    nodeName,
    ...cluster,
    kubeletCertificate: issued.kubelet?.certificate ?? '',
    kubeProxyCertificate: issued['kube-proxy']?.certificate ?? '',
  });
  if (written.status === 'failed') return written;
  return {
    ...written,
    changed: Boolean(keys.changed) || wanted.length > 0 || Boolean(written.changed),
    facts: {
      ...(written.facts ?? {}),
      nodeName,
      ...(version ? { csrApi: `certificates.k8s.io/${version}` } : {}),
      csrs: Object.values(issued).map((i) => i.name),
    },
  };
}
