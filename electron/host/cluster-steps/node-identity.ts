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
 */
import { randomBytes } from 'node:crypto';
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

/** Sends one request, approves it, and waits for its certificate (base64 PEM, as status.certificate holds it). */
async function issue(
  context: StepContext,
  deps: NodeIdentityDeps,
  version: 'v1' | 'v1beta1',
  request: { csr: string; user: string; signerName: string; label: string; nodeName: string },
): Promise<{ name: string; certificate: string }> {
  const { client } = deps;
  const base = `${GROUP}/${version}/certificatesigningrequests`;
  const name = `winjoin-${request.nodeName}-${request.label}-${randomBytes(4).toString('hex')}`;
  await client.send('POST', base, {
    apiVersion: `certificates.k8s.io/${version}`,
    kind: 'CertificateSigningRequest',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'winjoin' } },
    spec: { request: request.csr, signerName: request.signerName, usages: USAGES },
  });
  line(context, `certificate signing request ${name} sent for ${request.user}`);
  const created = await client.get<CsrJson & { metadata: { resourceVersion?: string } }>(`${base}/${name}`);
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

  const keys = await deps.runOnNode('kubeconfig-keys.ps1', { ...node, nodeName: params.nodeName });
  if (keys.status === 'failed') return keys;
  const nodeName = str(keys.facts?.nodeName);
  const kubeletCsr = str(keys.facts?.kubeletCsr);
  const kubeProxyCsr = str(keys.facts?.kubeProxyCsr);
  if (!nodeName || !kubeletCsr || !kubeProxyCsr)
    throw new WinJoinError('E_STEP_FAILED', 'kubeconfig-keys.ps1 returned no certificate requests');

  const version = await csrVersion(deps.client);
  const kubelet = await issue(context, deps, version, {
    csr: kubeletCsr,
    user: `system:node:${nodeName}`,
    signerName: KUBELET_CLIENT_SIGNER,
    label: 'kubelet',
    nodeName,
  });
  const kubeProxy = await issue(context, deps, version, {
    csr: kubeProxyCsr,
    user: 'system:kube-proxy',
    signerName: CLIENT_SIGNER,
    label: 'kube-proxy',
    nodeName,
  });
  const written = await deps.runOnNode('kubeconfig.ps1', {
    ...node,
    nodeName,
    server: deps.server,
    caData: deps.ca ? Buffer.from(deps.ca, 'utf8').toString('base64') : '',
    kubeletCertificate: kubelet.certificate,
    kubeProxyCertificate: kubeProxy.certificate,
  });
  if (written.status === 'failed') return written;
  return {
    ...written,
    changed: true,
    facts: { ...(written.facts ?? {}), nodeName, csrApi: `certificates.k8s.io/${version}`, csrs: [kubelet.name, kubeProxy.name] },
  };
}
