import { describe, expect, it } from 'vitest';
import { CLUSTER_CHECK_IDS, clusterCheckKeys } from '../../../shared/cluster-checks.js';
import { catalogues } from '../../../shared/i18n/index.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import { applyClusterFixes, pendingFixes } from './apply.js';
import { CALICO_PATHS, KUBE_PROXY_WINDOWS_PATH, checkClusterPrerequisites } from './checks.js';
import { readyCluster, type Obj } from './testing/ready-cluster.js';

/** The API as the cluster client sees it: 404 for absent objects, writes stored by path (a list's items kept in step). */
function fakeClient(objects: Map<string, Obj>, writes: string[] = [], skewMs = 0): ClusterClient {
  const now = Date.parse('2026-12-02T10:00:00Z');
  return {
    server: 'https://10.1.2.3:6443',
    serverClock: () => ({ serverMs: now, localMs: now + skewMs }),
    async get<T>(path: string) {
      const found = objects.get(path);
      if (!found) throw new ApiStatusError(404, 'NotFound', `GET ${path}: 404`);
      return structuredClone(found) as T;
    },
    // No check reads text.
    getText: async (path) => {
      throw new ApiStatusError(404, 'NotFound', `GET ${path}: 404`);
    },
    async send<T>(method: 'POST' | 'PUT', path: string, body: unknown) {
      writes.push(`${method} ${path}`);
      const obj = body as Obj;
      const target = method === 'POST' ? `${path}/${obj.metadata.name}` : path;
      objects.set(target, structuredClone(obj));
      const poolMatch = /^(\/apis\/crd\.projectcalico\.org\/v1\/ippools)\/(.+)$/.exec(target);
      if (poolMatch) {
        const list = objects.get(poolMatch[1]!)!;
        list.items = list.items.map((p: Obj) => (p.metadata.name === decodeURIComponent(poolMatch[2]!) ? obj : p));
      }
      return obj as T;
    },
    close: async () => undefined,
  };
}

/** Every finding must be worded in both languages. */
function expectWorded(report: { results: { detailKey: string }[] }) {
  for (const r of report.results)
    for (const lang of ['en', 'ja'] as const)
      expect(typeof r.detailKey.split('.').reduce((n: any, part) => n?.[part], catalogues[lang]), `${lang} ${r.detailKey}`).toBe('string');
}

async function check(objects: Map<string, Obj>, options: { anonymous?: boolean; skewMs?: number } = {}) {
  const client = fakeClient(objects, [], options.skewMs);
  const report = await checkClusterPrerequisites({
    client,
    readClusterInfoAnonymously: () =>
      options.anonymous === false ? Promise.reject(new Error('HTTP 403 (anonymous access refused)')) : Promise.resolve({}),
    apiServer: { host: '10.1.2.3', port: '6443' },
    requestedVersion: 'match-cluster',
  });
  expectWorded(report);
  return report;
}

describe('cluster prerequisites of a containerd-kubeadm join', () => {
  it('passes every check on a kubeadm + Calico cluster prepared for Windows, in a fixed order', async () => {
    const report = await check(readyCluster());
    expect(report.results.map((r) => r.id)).toEqual([...CLUSTER_CHECK_IDS]);
    expect(report.results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(report.facts).toMatchObject({ serverVersion: '1.35.1', serviceSubnet: '10.96.0.0/12' });
  });

  it.each([
    ['a server older than the SIG guide', (o: Map<string, Obj>) => o.set('/version', { gitVersion: 'v1.22.3' }), 'server-version'],
    [
      'no kubelet-config ConfigMap',
      (o: Map<string, Obj>) => o.delete('/api/v1/namespaces/kube-system/configmaps/kubelet-config'),
      'kubeadm-configmaps',
    ],
    [
      'no CSR auto-approval binding',
      (o: Map<string, Obj>) =>
        o.delete(`/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${encodeURIComponent('kubeadm:node-autoapprove-bootstrap')}`),
      'bootstrap-rbac',
    ],
    [
      'no kube-proxy service account',
      (o: Map<string, Obj>) => o.delete('/api/v1/namespaces/kube-system/serviceaccounts/kube-proxy'),
      'kube-proxy-config',
    ],
    ['no Calico operator Installation', (o: Map<string, Obj>) => o.delete(CALICO_PATHS.installation), 'calico-installation'],
    [
      'Calico without the HNS dataplane',
      (o: Map<string, Obj>) =>
        o.set(CALICO_PATHS.installation, { spec: { serviceCIDRs: ['10.96.0.0/12'], calicoNetwork: { bgp: 'Disabled' } } }),
      'calico-installation',
    ],
    [
      'an IPIP pool',
      (o: Map<string, Obj>) =>
        o.set(CALICO_PATHS.ippools, {
          items: [{ metadata: { name: 'default-ipv4-ippool' }, spec: { ipipMode: 'Always', vxlanMode: 'Never' } }],
        }),
      'calico-ippool',
    ],
    [
      'no strict affinity',
      (o: Map<string, Obj>) => o.set(CALICO_PATHS.ipamConfig, { metadata: { name: 'default' }, spec: { strictAffinity: false } }),
      'calico-strict-affinity',
    ],
    ['no services endpoint ConfigMap', (o: Map<string, Obj>) => o.delete(CALICO_PATHS.servicesEndpoint), 'calico-services-endpoint'],
    [
      'baseline Pod Security on calico-system',
      (o: Map<string, Obj>) =>
        o.set('/api/v1/namespaces/calico-system', { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } }),
      'pod-security',
    ],
    ['no kube-proxy-windows DaemonSet', (o: Map<string, Obj>) => o.delete(KUBE_PROXY_WINDOWS_PATH), 'kube-proxy-windows'],
  ])('fails only its own check for %s', async (_name, breakIt, failing) => {
    const objects = readyCluster();
    breakIt(objects);
    const report = await check(objects);
    expect(report.results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual([failing]);
  });

  it("compares this machine's clock with the API server's: in sync passes, 45 s warns, 6 minutes fails (T21)", async () => {
    const skew = async (skewMs: number) => (await check(readyCluster(), { skewMs })).results.find((r) => r.id === 'clock-skew');
    expect(await skew(2_000)).toMatchObject({ status: 'pass', detailKey: 'clusterChecks.clock-skew.inSync' });
    expect(await skew(45_000)).toMatchObject({ status: 'warn', detailKey: 'clusterChecks.clock-skew.ahead', params: { seconds: '45' } });
    expect(await skew(-360_000)).toMatchObject({
      status: 'fail',
      detailKey: 'clusterChecks.clock-skew.behind',
      params: { seconds: '360' },
    });
    expect(await skew(360_000)).toMatchObject({ status: 'fail', detailKey: 'clusterChecks.clock-skew.ahead' });
  });

  it('reports the clock skew as unknown (a warning) when no answer carried a Date', async () => {
    const client = fakeClient(readyCluster());
    delete client.serverClock;
    const report = await checkClusterPrerequisites({
      client,
      readClusterInfoAnonymously: () => Promise.resolve({}),
      apiServer: { host: '10.1.2.3', port: '6443' },
      requestedVersion: 'match-cluster',
    });
    expect(report.results.find((r) => r.id === 'clock-skew')).toMatchObject({
      status: 'warn',
      detailKey: 'clusterChecks.clock-skew.unknown',
    });
  });

  it('fails the anonymous cluster-info check when anonymous access is refused', async () => {
    const report = await check(readyCluster(), { anonymous: false });
    expect(report.results.find((r) => r.id === 'cluster-info-anonymous')).toMatchObject({
      status: 'fail',
      params: { reason: expect.stringContaining('403') },
    });
  });

  it('reports a Flannel cluster once, with the Calico rows marked not applicable', async () => {
    const objects = readyCluster();
    for (const path of Object.values(CALICO_PATHS)) objects.delete(path);
    objects.set('/apis/apps/v1/namespaces/kube-flannel/daemonsets/kube-flannel-ds', {});
    const report = await check(objects);
    expect(report.results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual(['cluster-cni-flannel']);
    expect(pendingFixes(report)).toEqual([]);
  });

  it('warns, naming the HTTP status, when the kubeconfig may not read an object', async () => {
    const objects = readyCluster();
    const client = fakeClient(objects);
    const denied: ClusterClient = {
      ...client,
      get: (path) => (path.startsWith('/apis/rbac') ? Promise.reject(new ApiStatusError(403, 'Forbidden', 'forbidden')) : client.get(path)),
    };
    const report = await checkClusterPrerequisites({
      client: denied,
      readClusterInfoAnonymously: () => Promise.resolve({}),
      apiServer: { host: '10.1.2.3', port: '6443' },
      requestedVersion: 'match-cluster',
    });
    expect(report.results.find((r) => r.id === 'bootstrap-rbac')).toMatchObject({ status: 'warn', params: { status: '403' } });
  });

  it('changes nothing without consent, and with consent applies the Calico settings and kube-proxy-windows so every check passes', async () => {
    const objects = readyCluster();
    objects.delete(KUBE_PROXY_WINDOWS_PATH);
    objects.delete(CALICO_PATHS.servicesEndpoint);
    objects.delete(CALICO_PATHS.ipamConfig);
    objects.set(CALICO_PATHS.installation, { metadata: { resourceVersion: '7' }, spec: { calicoNetwork: { bgp: 'Enabled' } } });
    objects.set(CALICO_PATHS.ippools, {
      items: [{ metadata: { name: 'default-ipv4-ippool' }, spec: { ipipMode: 'Always', vxlanMode: 'Never' } }],
    });
    const before = await check(objects);
    expect(pendingFixes(before)).toEqual([
      'kube-proxy-windows',
      'calico-installation',
      'calico-ippool',
      'calico-strict-affinity',
      'calico-services-endpoint',
    ]);

    const writes: string[] = [];
    expect(await applyClusterFixes(fakeClient(objects, writes), before, false)).toEqual([]);
    expect(writes).toEqual([]);

    await applyClusterFixes(fakeClient(objects, writes), before, true);
    const after = await check(objects);
    expect(after.results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(objects.get(`/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy-windows`)?.spec.template.spec.containers[0].image).toBe(
      'sigwindowstools/kube-proxy:v1.35.1-calico-hostprocess',
    );
    expect(objects.get(CALICO_PATHS.installation)).toMatchObject({
      metadata: { resourceVersion: '7' },
      spec: { serviceCIDRs: ['10.96.0.0/12'] },
    });
  });

  it('has a title and a fix in English and Japanese for every check', () => {
    for (const id of CLUSTER_CHECK_IDS)
      for (const lang of ['en', 'ja'] as const) {
        const { title, fix } = clusterCheckKeys(id);
        const node = (key: string) => key.split('.').reduce((n: any, part) => n?.[part], catalogues[lang]);
        expect(typeof node(title), `${lang} ${title}`).toBe('string');
        expect(typeof node(fix), `${lang} ${fix}`).toBe('string');
      }
  });
});
