import { describe, expect, it } from 'vitest';
import type { NewJournalEvent } from '../../../shared/events.js';
import type { PlannedStep } from '../../../shared/plan.js';
import type { StepContext, StepOutcome } from '../../join/types.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import { CLIENT_SIGNER, KUBELET_CLIENT_SIGNER, runNodeIdentityStep } from './node-identity.js';

type Csr = { metadata: { name: string }; spec: Record<string, unknown>; status?: Record<string, unknown> };

/**
 * The CSR API of a cluster serving `version` only: requests are stored, an approval is recorded, and
 * `settle` decides what the controller-manager does with an approved request.
 */
function fakeCluster(version: 'v1' | 'v1beta1', settle: (csr: Csr) => void) {
  const csrs = new Map<string, Csr>();
  const calls: string[] = [];
  const base = `/apis/certificates.k8s.io/${version}/certificatesigningrequests`;
  const notFound = (path: string) => new ApiStatusError(404, 'NotFound', `${path}: 404 not found`);
  const client: ClusterClient = {
    server: 'https://127.0.0.1:6443',
    async get<T>(path: string): Promise<T> {
      calls.push(`GET ${path}`);
      if (path === `/apis/certificates.k8s.io/${version}`) return { kind: 'APIResourceList' } as T;
      const csr = path.startsWith(`${base}/`) ? csrs.get(path.slice(base.length + 1)) : undefined;
      if (!csr) throw notFound(path);
      return structuredClone(csr) as T;
    },
    getText: async (path) => {
      throw notFound(path);
    },
    async send<T>(method: string, path: string, body: unknown): Promise<T> {
      calls.push(`${method} ${path}`);
      const sent = body as Csr;
      if (method === 'POST' && path === base) {
        csrs.set(sent.metadata.name, structuredClone(sent));
        return sent as T;
      }
      const approval = new RegExp(`^${base}/([^/]+)/approval$`).exec(path);
      if (method === 'PUT' && approval && csrs.has(approval[1]!)) {
        const csr = csrs.get(approval[1]!)!;
        csr.status = sent.status;
        settle(csr);
        return csr as T;
      }
      throw notFound(path);
    },
    close: async () => undefined,
  };
  return { client, calls, csrs };
}

function contextFor(params: Record<string, unknown>): { context: StepContext; lines: string[] } {
  const lines: string[] = [];
  const step: PlannedStep = {
    id: 'kubeconfig',
    titleKey: 'steps.kubeconfig.title',
    needs: [],
    script: 'winjoin:kubeconfig',
    runsIn: 'winjoin',
    params,
    downloads: [],
    changesMachine: true,
    timeoutMs: 60_000,
    always: false,
  };
  const context: StepContext = {
    runId: 'r',
    step,
    attempt: 1,
    stateDir: '/state',
    signal: new AbortController().signal,
    downloadSettings: { proxy: null, offlineSource: null, extraCaFile: null },
    facts: {},
    emit: (event: NewJournalEvent) => {
      if (event.type === 'step.output') lines.push(event.line);
    },
  };
  return { context, lines };
}

/** The node side: the requests kubeconfig-keys.ps1 returns, and what kubeconfig.ps1 was given. */
function fakeNode() {
  const runs: { script: string; params: Record<string, unknown> }[] = [];
  const runOnNode = async (script: string, params: Record<string, unknown>): Promise<StepOutcome> => {
    runs.push({ script, params });
    if (script === 'kubeconfig-keys.ps1')
      return {
        status: 'done',
        exitCode: 0,
        changed: true,
        facts: { nodeName: 'win-1', kubeletCsr: 'S1VCRUxFVA==', kubeProxyCsr: 'UFJPWFk=' },
      };
    return { status: 'done', exitCode: 0, changed: true, facts: { user: 'system:node:win-1' } };
  };
  return { runs, runOnNode };
}

const PARAMS = {
  installDir: 'C:\\k',
  stateDir: 'C:\\ProgramData\\WinJoin',
  nodeName: 'win-1',
  kubeconfigPath: '/admin.conf',
  waitSeconds: 1,
};
const issueAll = (csr: Csr) => {
  csr.status = { ...csr.status, certificate: Buffer.from(`CERT for ${String(csr.spec.request)}`).toString('base64') };
};

describe('docker-sdn node identity through the CSR API', () => {
  it('sends both requests with their signers, approves them, and hands the certificates (never a key) to the node', async () => {
    const cluster = fakeCluster('v1', issueAll);
    const node = fakeNode();
    const { context } = contextFor(PARAMS);
    const outcome = await runNodeIdentityStep(context, {
      client: cluster.client,
      runOnNode: node.runOnNode,
      server: 'https://192.0.2.10:6443',
      ca: 'CA-PEM',
      pollMs: 1,
    });
    expect(outcome).toMatchObject({ status: 'done', facts: { user: 'system:node:win-1', csrApi: 'certificates.k8s.io/v1' } });
    const sent = [...cluster.csrs.values()];
    expect(sent.map((c) => [c.spec.signerName, c.spec.request])).toEqual([
      [KUBELET_CLIENT_SIGNER, 'S1VCRUxFVA=='],
      [CLIENT_SIGNER, 'UFJPWFk='],
    ]);
    expect(sent.every((c) => (c.status!.conditions as { type: string }[]).some((k) => k.type === 'Approved'))).toBe(true);
    expect(node.runs.map((r) => r.script)).toEqual(['kubeconfig-keys.ps1', 'kubeconfig.ps1']);
    const written = node.runs[1]!.params;
    expect(written).toMatchObject({
      server: 'https://192.0.2.10:6443',
      caData: Buffer.from('CA-PEM').toString('base64'),
      nodeName: 'win-1',
    });
    expect(Buffer.from(String(written.kubeletCertificate), 'base64').toString()).toBe('CERT for S1VCRUxFVA==');
    expect(Buffer.from(String(written.kubeProxyCertificate), 'base64').toString()).toBe('CERT for UFJPWFk=');
  });

  it('uses certificates.k8s.io/v1beta1 on a cluster before 1.19 (the guide 1.9)', async () => {
    const cluster = fakeCluster('v1beta1', issueAll);
    const { context } = contextFor(PARAMS);
    const outcome = await runNodeIdentityStep(context, {
      client: cluster.client,
      runOnNode: fakeNode().runOnNode,
      server: 'https://x:6443',
      pollMs: 1,
    });
    expect(outcome.status).toBe('done');
    expect(cluster.calls.filter((c) => c.startsWith('POST'))).toEqual([
      'POST /apis/certificates.k8s.io/v1beta1/certificatesigningrequests',
      'POST /apis/certificates.k8s.io/v1beta1/certificatesigningrequests',
    ]);
  });

  it('fails with E_NODE_CSR_NOT_ISSUED naming the request when the cluster denies it, and writes nothing on the node', async () => {
    const cluster = fakeCluster('v1', (csr) => {
      csr.status = { conditions: [{ type: 'Denied', reason: 'PolicyDenied', message: 'no Windows nodes here' }] };
    });
    const node = fakeNode();
    const { context } = contextFor(PARAMS);
    await expect(
      runNodeIdentityStep(context, { client: cluster.client, runOnNode: node.runOnNode, server: 'https://x:6443', pollMs: 1 }),
    ).rejects.toMatchObject({
      code: 'E_NODE_CSR_NOT_ISSUED',
      params: { user: 'system:node:win-1', reason: 'Denied: PolicyDenied no Windows nodes here' },
    });
    expect(node.runs.map((r) => r.script)).toEqual(['kubeconfig-keys.ps1']);
  });

  it('fails with E_NODE_CSR_NOT_ISSUED when an approved request is never signed', async () => {
    const cluster = fakeCluster('v1', () => undefined);
    const { context } = contextFor({ ...PARAMS, waitSeconds: 0.05 });
    await expect(
      runNodeIdentityStep(context, { client: cluster.client, runOnNode: fakeNode().runOnNode, server: 'https://x:6443', pollMs: 5 }),
    ).rejects.toMatchObject({ code: 'E_NODE_CSR_NOT_ISSUED', message: expect.stringContaining('no certificate after 0.05 s') });
  });
});
