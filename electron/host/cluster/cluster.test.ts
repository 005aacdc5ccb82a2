import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WinJoinError } from '../../../shared/errors.js';
import { createTestPki, type TestPki } from '../testing/certs.js';
import { kubeconfigFor, nodeObject, startApiServer, type ApiServerDouble } from '../testing/api-server.js';
import { startTinyproxy, type Tinyproxy } from '../testing/tinyproxy.js';
import { clusterAccess, type ClusterAccess } from './access.js';
import { kubeDnsServiceIp, serverVersion, waitForNodeReady } from './api.js';
import { createClusterClient, type ClusterClient } from './client.js';
import { setSystemCaCertificates } from '../net/system-trust.js';
import { listNodes } from './nodes.js';
import { applyManifest, waitForPodsRunning } from './workloads.js';

let pki: TestPki;
let api: ApiServerDouble;
let access: ClusterAccess;
let client: ClusterClient;

beforeAll(async () => {
  pki = await createTestPki();
  api = await startApiServer(pki);
  const file = path.join(pki.dir, 'admin.conf');
  fs.writeFileSync(file, kubeconfigFor(api.url, pki));
  access = clusterAccess(file);
  client = await createClusterClient(access);
});
afterAll(async () => {
  await client?.close();
  await api?.close();
  pki?.remove();
});

async function failure(promise: Promise<unknown>): Promise<WinJoinError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WinJoinError);
  return error as WinJoinError;
}

describe('cluster client with a client certificate', () => {
  it('tests the connection with GET /version', async () => {
    expect((await serverVersion(client)).gitVersion).toBe('v1.9.1');
  });

  it("records the server's clock from the Date header of its answers, for the clock-skew check", async () => {
    const fresh = await createClusterClient(access);
    expect(fresh.serverClock?.()).toBeNull();
    await serverVersion(fresh);
    const clock = fresh.serverClock?.();
    await fresh.close();
    // Node's HTTP server sends a Date header; the double's clock is this machine's, so the two agree within the header's whole second.
    expect(clock).not.toBeNull();
    expect(Math.abs(clock!.localMs - clock!.serverMs)).toBeLessThan(60_000);
  });

  it('is refused by the API server without a client certificate', async () => {
    const anonymous = await createClusterClient({ server: access.server, ca: access.ca });
    const error = await failure(serverVersion(anonymous));
    await anonymous.close();
    expect(error.code).toBe('E_CLUSTER_UNREACHABLE');
    expect(error.params.server).toBe(api.url);
  });

  it('refuses a server whose certificate is not from the kubeconfig CA', async () => {
    const other = await createTestPki();
    try {
      const wrongCa = await createClusterClient({ ...access, ca: other.caCert });
      const error = await failure(serverVersion(wrongCa));
      await wrongCa.close();
      expect(error.code).toBe('E_CLUSTER_UNREACHABLE');
      expect(error.message).not.toContain('PRIVATE KEY');
    } finally {
      other.remove();
    }
  });

  it('trusts exactly the kubeconfig CA: a server chaining only to a system-store or extra CA is refused, before any credential is sent', async () => {
    // The server's certificate is signed by the "system" CA (an intercepting proxy's, pushed by policy), not the kubeconfig's.
    const intercepting = await createTestPki();
    const impostor = await startApiServer(intercepting, { token: 'bearer-must-not-leave' });
    setSystemCaCertificates([intercepting.caCert]);
    const caFile = path.join(intercepting.dir, 'extra-ca.pem');
    fs.writeFileSync(caFile, intercepting.caCert);
    try {
      const probe = await createClusterClient(
        { ...access, cert: undefined, key: undefined, server: impostor.url, token: 'bearer-must-not-leave' },
        { extraCaFile: caFile },
      );
      const error = await failure(serverVersion(probe));
      await probe.close();
      expect(error.code).toBe('E_CLUSTER_UNREACHABLE');
      expect(impostor.requests).toEqual([]);
    } finally {
      setSystemCaCertificates([]);
      await impostor.close();
      intercepting.remove();
    }
  });

  it('lists nodes with their pod CIDRs and says whether pod CIDRs are allocated', async () => {
    api.state.nodes = [nodeObject('master', { podCidr: '192.168.0.0/24', ready: true }), nodeObject('worker', { ready: true })];
    let list = await listNodes(client);
    expect(list.nodes.map((n) => [n.name, n.podCidr, n.ready])).toEqual([
      ['master', '192.168.0.0/24', true],
      ['worker', null, true],
    ]);
    expect(list.podCidrsAllocated).toBe(false);
    api.state.nodes[1] = nodeObject('worker', { podCidr: '192.168.1.0/24', ready: true });
    list = await listNodes(client);
    expect(list.podCidrsAllocated).toBe(true);
  });

  it('reads the kube-dns service IP, and null when there is none', async () => {
    expect(await kubeDnsServiceIp(client)).toBe('11.0.0.10');
    const saved = api.state.services;
    api.state.services = [];
    expect(await kubeDnsServiceIp(client)).toBeNull();
    api.state.services = saved;
  });

  it('waits for a node to register, get a pod CIDR and become Ready', async () => {
    api.state.nodes = [];
    const seen: string[] = [];
    // Each change follows what the wait has seen, not a timer, so a slow machine cannot skip a state.
    const onUpdate = (s: string) => {
      seen.push(s.split(':')[0]!);
      if (seen.at(-1) === 'not-registered')
        api.state.nodes = [nodeObject('win-1', { ready: false, message: 'network plugin is not ready' })];
      if (seen.at(-1) === 'no-pod-cidr') api.state.nodes = [nodeObject('win-1', { podCidr: '192.168.2.0/24', ready: true })];
    };
    const node = await waitForNodeReady(client, 'win-1', { timeoutMs: 10_000, pollMs: 10, onUpdate });
    expect(node).toMatchObject({ name: 'win-1', podCidr: '192.168.2.0/24', ready: true });
    expect(seen[0]).toBe('not-registered');
    expect(seen).toContain('no-pod-cidr');
  });

  const stuck: [string, () => void, string, string][] = [
    ['never registers', () => (api.state.nodes = []), 'not-registered', 'has not registered'],
    ['has no pod CIDR', () => (api.state.nodes = [nodeObject('win-2', { ready: true })]), 'no-pod-cidr', '--allocate-node-cidrs'],
    [
      'stays NotReady',
      () =>
        (api.state.nodes = [
          nodeObject('win-2', { podCidr: '192.168.3.0/24', message: 'runtime network not ready: cni config uninitialized' }),
        ]),
      'not-ready',
      'cni config uninitialized',
    ],
  ];
  for (const [label, arrange, reason, detail] of stuck) {
    it(`says why when the node ${label}`, async () => {
      arrange();
      const error = await failure(waitForNodeReady(client, 'win-2', { timeoutMs: 60, pollMs: 10 }));
      expect(error.code).toBe('E_STEP_TIMEOUT');
      expect(error.params.reason).toBe(reason);
      expect(error.message).toContain(detail);
    });
  }

  it('creates, then replaces, the sample Deployment and Service, and waits for the pods to run', async () => {
    const manifest = fs.readFileSync(new URL('./testing-webserver.yaml', import.meta.url), 'utf8');
    expect((await applyManifest(client, manifest)).map((a) => `${a.kind}/${a.name} ${a.action}`)).toEqual([
      'Deployment/win-webserver created',
      'Service/win-webserver created',
    ]);
    api.state.services.find((s) => s.metadata.name === 'win-webserver')!.spec = { clusterIP: '11.0.0.99', type: 'NodePort' };
    expect((await applyManifest(client, manifest)).map((a) => a.action)).toEqual(['replaced', 'replaced']);
    const service = api.state.services.find((s) => s.metadata.name === 'win-webserver');
    expect((service?.spec as { clusterIP: string }).clusterIP).toBe('11.0.0.99');

    const pod = (phase: string, waiting?: string) => ({
      metadata: { name: 'win-webserver-1', namespace: 'default', labels: { app: 'win-webserver' } },
      spec: { nodeName: 'win-1' },
      status: { phase, containerStatuses: waiting ? [{ state: { waiting: { reason: waiting } } }] : [] },
    });
    api.state.pods = [pod('Pending', 'ImagePullBackOff')];
    const timeout = await failure(waitForPodsRunning(client, 'default', 'app=win-webserver', { timeoutMs: 40, pollMs: 10 }));
    expect(timeout.message).toContain('ImagePullBackOff');
    setTimeout(() => (api.state.pods = [pod('Running')]), 40);
    const pods = await waitForPodsRunning(client, 'default', 'app=win-webserver', { timeoutMs: 10_000, pollMs: 10 });
    expect(pods).toEqual([{ name: 'win-webserver-1', phase: 'Running', node: 'win-1', waiting: null }]);
  });
});

describe('cluster client with a token, through a proxy', () => {
  let tokenApi: ApiServerDouble;
  let proxy: Tinyproxy;
  beforeAll(async () => {
    [tokenApi, proxy] = await Promise.all([startApiServer(pki, { token: 'tkn-abc-123' }), startTinyproxy()]);
  });
  afterAll(async () => {
    await Promise.all([tokenApi?.close(), proxy?.stop()]);
  });

  it('sends the bearer token and tunnels through the answers proxy', async () => {
    const file = path.join(pki.dir, 'token.conf');
    fs.writeFileSync(file, kubeconfigFor(tokenApi.url, pki, { token: 'tkn-abc-123' }));
    const viaProxy = await createClusterClient(clusterAccess(file), { proxy: { http: proxy.url(), https: proxy.url(), noProxy: [] } });
    expect((await serverVersion(viaProxy)).gitVersion).toBe('v1.9.1');
    await viaProxy.close();
    expect(tokenApi.requests.at(-1)?.authorization).toBe('Bearer tkn-abc-123');
  });

  it('reports a wrong token as E_CLUSTER_UNREACHABLE without echoing it', async () => {
    const wrong = await createClusterClient({ server: tokenApi.url, ca: pki.caCert, token: 'wrong-token-xyz' });
    const error = await failure(serverVersion(wrong));
    await wrong.close();
    expect(error).toMatchObject({ code: 'E_CLUSTER_UNREACHABLE', params: { status: '401' } });
    expect(JSON.stringify(error.toShape())).not.toContain('wrong-token-xyz');
  });

  it('says E_PROXY_AUTH when the proxy refuses, with no credentials in the message', async () => {
    const refused = await createClusterClient(
      { server: tokenApi.url, ca: pki.caCert, token: 'tkn-abc-123' },
      { proxy: { http: proxy.url('x', 'bad-pass'), https: proxy.url('x', 'bad-pass') } },
    );
    const error = await failure(serverVersion(refused));
    await refused.close();
    expect(error.code).toBe('E_PROXY_AUTH');
    expect(JSON.stringify(error.toShape())).not.toContain('bad-pass');
  });
});
