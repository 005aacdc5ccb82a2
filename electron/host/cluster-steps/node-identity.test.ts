import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StepOutcome } from '../../join/types.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import { kubeconfigStepContext } from './testing/step-context.js';
import { CLIENT_SIGNER, KUBELET_CLIENT_SIGNER, requestKeyId, runNodeIdentityStep } from './node-identity.js';

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

const contextFor = (params: Record<string, unknown>) => kubeconfigStepContext(params);

/** A PEM certificate request (base64, as kubeconfig-keys.ps1 returns it) for a new key, made with openssl. */
function newRequest(subject: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-csr-test-'));
  try {
    const args = ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'k'), '-subj', subject];
    return Buffer.from(execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'ignore'] })).toString('base64');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
let KUBELET_CSR = '';
let PROXY_CSR = '';
beforeAll(() => {
  KUBELET_CSR = newRequest('/O=system:nodes/CN=system:node:win-1');
  PROXY_CSR = newRequest('/CN=system:kube-proxy');
});

/**
 * The node side: the requests kubeconfig-keys.ps1 returns ('' for an identity it keeps), and what
 * kubeconfig.ps1 was given.
 */
function fakeNode(keys: { kubeletCsr?: string; kubeProxyCsr?: string; changed?: boolean } = {}) {
  const runs: { script: string; params: Record<string, unknown> }[] = [];
  const runOnNode = async (script: string, params: Record<string, unknown>): Promise<StepOutcome> => {
    runs.push({ script, params });
    if (script === 'kubeconfig-keys.ps1')
      return {
        status: 'done',
        exitCode: 0,
        changed: keys.changed ?? true,
        facts: { nodeName: 'win-1', kubeletCsr: keys.kubeletCsr ?? KUBELET_CSR, kubeProxyCsr: keys.kubeProxyCsr ?? PROXY_CSR },
      };
    const wrote = Boolean(params.kubeletCertificate) || Boolean(params.kubeProxyCertificate);
    return { status: 'done', exitCode: 0, changed: wrote, facts: { user: 'system:node:win-1' } };
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
      [KUBELET_CLIENT_SIGNER, KUBELET_CSR],
      [CLIENT_SIGNER, PROXY_CSR],
    ]);
    expect(sent.every((c) => (c.status!.conditions as { type: string }[]).some((k) => k.type === 'Approved'))).toBe(true);
    expect(node.runs.map((r) => r.script)).toEqual(['kubeconfig-keys.ps1', 'kubeconfig.ps1']);
    const written = node.runs[1]!.params;
    expect(written).toMatchObject({
      server: 'https://192.0.2.10:6443',
      caData: Buffer.from('CA-PEM').toString('base64'),
      nodeName: 'win-1',
    });
    expect(Buffer.from(String(written.kubeletCertificate), 'base64').toString()).toBe(`CERT for ${KUBELET_CSR}`);
    expect(Buffer.from(String(written.kubeProxyCertificate), 'base64').toString()).toBe(`CERT for ${PROXY_CSR}`);
    // The keys script is told the server and CA too: it keeps an identity only for those.
    expect(node.runs[0]!.params).toMatchObject({ server: 'https://192.0.2.10:6443', caData: Buffer.from('CA-PEM').toString('base64') });
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

  it('after a denial, a retry fails again until the admin deletes the request; then it sends the same request again (the known problem’s fix)', async () => {
    let deny = true;
    const cluster = fakeCluster('v1', (csr) => {
      if (deny) csr.status = { conditions: [{ type: 'Denied', reason: 'AdminDenied', message: 'not yet' }] };
      else issueAll(csr);
    });
    const run = () =>
      runNodeIdentityStep(contextFor(PARAMS).context, {
        client: cluster.client,
        runOnNode: fakeNode().runOnNode,
        server: 'https://x:6443',
        pollMs: 1,
      });
    await expect(run()).rejects.toMatchObject({ code: 'E_NODE_CSR_NOT_ISSUED' });
    deny = false;
    // The waiting key is reused, so the retry finds the same denied request: the denial stands.
    await expect(run()).rejects.toMatchObject({ code: 'E_NODE_CSR_NOT_ISSUED', params: { reason: 'Denied: AdminDenied not yet' } });
    const denied = [...cluster.csrs.keys()];
    expect(denied).toEqual([`winjoin-win-1-kubelet-${requestKeyId(KUBELET_CSR)}`]);
    // kubectl delete csr <name>, as the fix says; the retry sends it again and it is issued.
    cluster.csrs.delete(denied[0]!);
    cluster.calls.length = 0;
    await expect(run()).resolves.toMatchObject({ status: 'done' });
    expect(cluster.calls).toContain('POST /apis/certificates.k8s.io/v1/certificatesigningrequests');
    expect([...cluster.csrs.keys()]).toContain(denied[0]);
  });

  it('fails with E_NODE_CSR_NOT_ISSUED when an approved request is never signed', async () => {
    const cluster = fakeCluster('v1', () => undefined);
    const { context } = contextFor({ ...PARAMS, waitSeconds: 0.05 });
    await expect(
      runNodeIdentityStep(context, { client: cluster.client, runOnNode: fakeNode().runOnNode, server: 'https://x:6443', pollMs: 5 }),
    ).rejects.toMatchObject({ code: 'E_NODE_CSR_NOT_ISSUED', message: expect.stringContaining('no certificate after 0.05 s') });
  });

  it('names each request after the node and its public key: the same key gives the same name, another key another', async () => {
    const first = fakeCluster('v1', issueAll);
    const { context } = contextFor(PARAMS);
    await runNodeIdentityStep(context, { client: first.client, runOnNode: fakeNode().runOnNode, server: 'https://x:6443', pollMs: 1 });
    const second = fakeCluster('v1', issueAll);
    await runNodeIdentityStep(contextFor(PARAMS).context, {
      client: second.client,
      runOnNode: fakeNode().runOnNode,
      server: 'https://x:6443',
      pollMs: 1,
    });
    expect([...first.csrs.keys()]).toEqual([
      `winjoin-win-1-kubelet-${requestKeyId(KUBELET_CSR)}`,
      `winjoin-win-1-kube-proxy-${requestKeyId(PROXY_CSR)}`,
    ]);
    expect([...second.csrs.keys()]).toEqual([...first.csrs.keys()]);
    expect(requestKeyId(KUBELET_CSR)).toMatch(/^[0-9a-f]{16}$/);
    expect(requestKeyId(newRequest('/O=system:nodes/CN=system:node:win-1'))).not.toBe(requestKeyId(KUBELET_CSR));
    // The key, not the subject: openssl's own view of the request's public key hashes to the same id.
    const pem = Buffer.from(KUBELET_CSR, 'base64').toString();
    const spki = execFileSync('openssl', ['req', '-noout', '-pubkey'], { input: pem }).toString();
    const der = Buffer.from(spki.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const { createHash } = await import('node:crypto');
    expect(requestKeyId(KUBELET_CSR)).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
  });

  it('a run after one interrupted before the signature finds its requests on the cluster: nothing sent or approved twice', async () => {
    let signing = false;
    const cluster = fakeCluster('v1', (csr) => {
      if (signing) issueAll(csr);
    });
    // The first run's requests are approved, but the signer has not issued them when it gives up.
    await expect(
      runNodeIdentityStep(contextFor({ ...PARAMS, waitSeconds: 0.05 }).context, {
        client: cluster.client,
        runOnNode: fakeNode().runOnNode,
        server: 'https://x:6443',
        pollMs: 5,
      }),
    ).rejects.toMatchObject({ code: 'E_NODE_CSR_NOT_ISSUED' });
    expect(cluster.calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
    // The kube-proxy request was never sent; the kubelet one is signed meanwhile.
    signing = true;
    for (const csr of cluster.csrs.values()) issueAll(csr);
    cluster.calls.length = 0;
    const { context, lines } = contextFor(PARAMS);
    const node = fakeNode();
    const outcome = await runNodeIdentityStep(context, {
      client: cluster.client,
      runOnNode: node.runOnNode,
      server: 'https://x:6443',
      pollMs: 1,
    });
    expect(outcome.status).toBe('done');
    // Only kube-proxy's request is new; kubelet's is taken as it is, not approved again.
    expect(cluster.calls.filter((c) => !c.startsWith('GET'))).toEqual([
      'POST /apis/certificates.k8s.io/v1/certificatesigningrequests',
      `PUT /apis/certificates.k8s.io/v1/certificatesigningrequests/winjoin-win-1-kube-proxy-${requestKeyId(PROXY_CSR)}/approval`,
    ]);
    expect(cluster.csrs.size).toBe(2);
    expect(lines.join('\n')).toMatch(/winjoin-win-1-kubelet-[0-9a-f]{16} for system:node:win-1 is already on the cluster/);
    expect(Buffer.from(String(node.runs[1]!.params.kubeletCertificate), 'base64').toString()).toBe(`CERT for ${KUBELET_CSR}`);
  });

  it('a sent request not yet approved (the run stopped between the two) is approved, not sent again', async () => {
    const cluster = fakeCluster('v1', issueAll);
    const name = `winjoin-win-1-kubelet-${requestKeyId(KUBELET_CSR)}`;
    cluster.csrs.set(name, { metadata: { name }, spec: { request: KUBELET_CSR, signerName: KUBELET_CLIENT_SIGNER } });
    const outcome = await runNodeIdentityStep(contextFor(PARAMS).context, {
      client: cluster.client,
      runOnNode: fakeNode().runOnNode,
      server: 'https://x:6443',
      pollMs: 1,
    });
    expect(outcome.status).toBe('done');
    expect(cluster.calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
    expect(cluster.calls).toContain(`PUT /apis/certificates.k8s.io/v1/certificatesigningrequests/${name}/approval`);
    expect(cluster.csrs.size).toBe(2);
  });

  it('a re-run on a joined node whose identities the node keeps asks the cluster nothing and reports unchanged', async () => {
    const cluster = fakeCluster('v1', issueAll);
    const node = fakeNode({ kubeletCsr: '', kubeProxyCsr: '', changed: false });
    const outcome = await runNodeIdentityStep(contextFor(PARAMS).context, {
      client: cluster.client,
      runOnNode: node.runOnNode,
      server: 'https://x:6443',
      ca: 'CA-PEM',
      pollMs: 1,
    });
    expect(outcome).toMatchObject({ status: 'done', changed: false, facts: { csrs: [] } });
    expect(cluster.calls).toEqual([]);
    expect(node.runs.map((r) => r.script)).toEqual(['kubeconfig-keys.ps1', 'kubeconfig.ps1']);
    expect(node.runs[1]!.params).toMatchObject({ kubeletCertificate: '', kubeProxyCertificate: '' });
  });

  it('renews only the identity the node did not keep', async () => {
    const cluster = fakeCluster('v1', issueAll);
    const node = fakeNode({ kubeletCsr: '', changed: true });
    const outcome = await runNodeIdentityStep(contextFor(PARAMS).context, {
      client: cluster.client,
      runOnNode: node.runOnNode,
      server: 'https://x:6443',
      pollMs: 1,
    });
    expect(outcome).toMatchObject({ status: 'done', changed: true });
    expect([...cluster.csrs.values()].map((c) => c.spec.signerName)).toEqual([CLIENT_SIGNER]);
    expect(node.runs[1]!.params).toMatchObject({ kubeletCertificate: '' });
    expect(Buffer.from(String(node.runs[1]!.params.kubeProxyCertificate), 'base64').toString()).toBe(`CERT for ${PROXY_CSR}`);
  });
});
