/**
 * The simulated pod network a check pod on the Windows node meets: the
 * endpoints controller behind each Service, and the stand-in kubelet's run of
 * WinJoin's network-check container (standins/pod-network.mjs). DNS answers
 * only through kube-dns with endpoints, reached through kube-proxy-windows on
 * the node, with the kubelet's clusterDNS; a Service answers only with
 * endpoints and kube-proxy-windows on the node; a pod IP answers without
 * kube-proxy, with the pod network up on the node and a Running pod there
 * listening on that port. Also: the API server creates,
 * serves the log of, and deletes a pod.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startClusterServer, type ClusterServer } from './cluster-server.js';
import { initialClusterState } from './cluster-store.js';
import { KUBEADM_WORLD_SERVER_VERSION } from './kubeadm-world.js';
import { writeKubeconfig } from './kubeconfig-file.js';
import { writeNetworkMap } from './network-map.js';
import { ensurePki, type Pki } from './pki.js';
import { scenarioFaults } from './scenarios.js';
// @ts-expect-error: a stand-in module in plain JavaScript, inlined into the stand-in kubelet.
import { apiClient } from './standins/common.mjs';
// @ts-expect-error: as above.
import { isNetworkCheck, runNetworkCheck, writeContainerLog } from './standins/pod-network.mjs';

type Json = any;
type Request = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: Json; text: string }>;

const KUBELET_CONFIG = '/var/lib/kubelet/config.yaml';
const WITH_CLUSTER_DNS =
  'apiVersion: kubelet.config.k8s.io/v1beta1\nclusterDNS:\n- 11.0.0.10\nclusterDomain: cluster.local\nkind: KubeletConfiguration\n';

let dir: string;
let pki: Pki;
let server: ClusterServer;
let request: Request;
let previousDir: string | undefined;

function checkPod(name: string, env: Record<string, string>) {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      nodeSelector: { 'kubernetes.io/os': 'windows' },
      restartPolicy: 'Never',
      containers: [
        {
          name: 'check',
          image: 'mcr.microsoft.com/windows/servercore:ltsc2022',
          env: Object.entries(env).map(([n, value]) => ({ name: n, value })),
        },
      ],
    },
  };
}
const CHECK = checkPod('winjoin-network-check-1', {
  WINJOIN_CHECK_DNS_NAME: 'kubernetes.default.svc.cluster.local',
  WINJOIN_CHECK_SERVICE: '11.0.0.1:443',
  WINJOIN_CHECK_POD: '192.168.1.7:80',
});
const WEB = 'winjoin-webserver-7c9d4-abcde';

function kubeletConfig(text: string): void {
  const file = path.join(dir, 'machine', 'C', 'var', 'lib', 'kubelet', 'config.yaml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const run = (kubeProxyHere: boolean, podNetworkUp = true): Promise<string[]> =>
  runNetworkCheck(CHECK, { request, kubeletConfig: KUBELET_CONFIG, kubeProxyHere, podNetworkUp });

/** The sample web server's pod as its kubelet left it: the phase and IP it reported. */
async function webPod(status: Record<string, unknown>): Promise<void> {
  await request('DELETE', `/api/v1/namespaces/default/pods/${WEB}`);
  const created = await request('POST', '/api/v1/namespaces/default/pods', {
    metadata: { name: WEB, namespace: 'default', labels: { app: 'winjoin-webserver' } },
    spec: {
      nodeName: 'win-1',
      containers: [{ name: 'web', image: 'mcr.microsoft.com/windows/servercore:ltsc2022', ports: [{ containerPort: 80 }] }],
    },
  });
  expect(created.status).toBe(201);
  expect((await request('PATCH', `/api/v1/namespaces/default/pods/${WEB}/status`, { status })).status).toBe(200);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-pod-network-'));
  previousDir = process.env.WINJOIN_REHEARSAL_DIR;
  process.env.WINJOIN_REHEARSAL_DIR = dir;
  pki = await ensurePki(path.join(dir, 'pki'), '192.0.2.10');
  const state = initialClusterState({
    serverVersion: KUBEADM_WORLD_SERVER_VERSION,
    clusterCidr: '192.168.0.0/16',
    serviceCidr: '11.0.0.0/16',
    dnsServiceIp: '11.0.0.10',
    masterIp: '192.0.2.10',
    allocateNodeCidrs: true,
    kubeadm: { caPem: pki.caCert, apiServer: { host: '192.0.2.10', port: 6443 }, faults: scenarioFaults('happy') },
  });
  server = await startClusterServer({
    pki,
    pkiDir: path.join(dir, 'pki'),
    machineRoot: path.join(dir, 'machine'),
    state,
    stateFile: path.join(dir, 'cluster.json'),
  });
  writeNetworkMap(path.join(dir, 'network.json'), {
    forwards: { '192.0.2.10:6443': `127.0.0.1:${server.port}` },
    lanCidr: '192.0.2.0/24',
    masterIp: '192.0.2.10',
    nodeIp: '192.0.2.20',
    gatewayIp: '192.0.2.1',
    proxyUrl: null,
  });
  const kubeconfig = path.join(dir, 'admin.conf');
  writeKubeconfig(kubeconfig, 'https://192.0.2.10:6443', pki);
  request = apiClient(kubeconfig) as Request;
});
afterAll(async () => {
  await server.close();
  if (previousDir === undefined) delete process.env.WINJOIN_REHEARSAL_DIR;
  else process.env.WINJOIN_REHEARSAL_DIR = previousDir;
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  kubeletConfig(WITH_CLUSTER_DNS);
  await webPod({ phase: 'Running', podIP: '192.168.1.7' });
});

describe('the endpoints behind the simulated Services', () => {
  it('puts the API server behind kubernetes and the Running CoreDNS pods behind kube-dns', async () => {
    const kubernetes = await request('GET', '/api/v1/namespaces/default/endpoints/kubernetes');
    expect(kubernetes.json.subsets).toEqual([
      { addresses: [{ ip: '192.0.2.10' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
    ]);
    const dns = await request('GET', '/api/v1/namespaces/kube-system/endpoints/kube-dns');
    expect(dns.json.subsets[0].addresses.map((a: Json) => a.targetRef.name)).toEqual([
      'coredns-7db6d8ff4d-5xk2p',
      'coredns-7db6d8ff4d-q9m4w',
    ]);
    expect((await request('GET', '/api/v1/namespaces/default/endpoints/nothing')).status).toBe(404);
  });
});

describe('the network-check container, as the stand-in kubelet runs it', () => {
  it('is recognised only as a run-to-completion pod that names its targets', () => {
    expect(isNetworkCheck(CHECK)).toBe(true);
    expect(isNetworkCheck({ ...CHECK, spec: { ...CHECK.spec, restartPolicy: 'Always' } })).toBe(false);
    expect(isNetworkCheck(checkPod('web', {}))).toBe(false);
  });

  it('resolves kubernetes.default.svc.cluster.local to its ClusterIP and reaches it, with kube-proxy-windows on the node', async () => {
    expect(await run(true)).toEqual([
      'winjoin-check dns pass kubernetes.default.svc.cluster.local 11.0.0.1',
      'winjoin-check service pass 11.0.0.1:443',
      'winjoin-check pod pass 192.168.1.7:80',
    ]);
  });

  it('fails both Service checks without kube-proxy-windows on the node: no ClusterIP, kube-dns included, answers there; a pod IP still does', async () => {
    expect(await run(false)).toEqual([
      'winjoin-check dns fail kubernetes.default.svc.cluster.local ERROR_TIMEOUT',
      'winjoin-check service fail 11.0.0.1:443 timeout',
      'winjoin-check pod pass 192.168.1.7:80',
    ]);
  });

  it('fails pod-to-pod without the pod network on this node (no Calico HNS network or no CNI config): the SYN goes nowhere', async () => {
    expect((await run(true, false))[2]).toBe('winjoin-check pod fail 192.168.1.7:80 timeout');
  });

  it('fails pod-to-pod when no Running pod has the IP: one not started yet, one whose container exited, or one that got another IP', async () => {
    await webPod({ phase: 'Pending' });
    expect((await run(true))[2]).toBe('winjoin-check pod fail 192.168.1.7:80 timeout');
    await webPod({ phase: 'Failed', podIP: '192.168.1.7' });
    expect((await run(true))[2]).toBe('winjoin-check pod fail 192.168.1.7:80 timeout');
    await webPod({ phase: 'Running', podIP: '192.168.1.8' });
    expect((await run(true))[2]).toBe('winjoin-check pod fail 192.168.1.7:80 timeout');
  });

  it('refuses a port the Running pod does not listen on', async () => {
    const other = checkPod('winjoin-network-check-3', {
      WINJOIN_CHECK_DNS_NAME: 'kubernetes.default.svc.cluster.local',
      WINJOIN_CHECK_SERVICE: '11.0.0.1:443',
      WINJOIN_CHECK_POD: '192.168.1.7:8080',
    });
    const lines = await runNetworkCheck(other, { request, kubeletConfig: KUBELET_CONFIG, kubeProxyHere: true, podNetworkUp: true });
    expect(lines[2]).toBe('winjoin-check pod fail 192.168.1.7:8080 ConnectionRefused');
  });

  it('fails DNS only when the kubelet has no clusterDNS: the pod gets the host resolver, which knows no cluster names', async () => {
    kubeletConfig('apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n');
    expect(await run(true)).toEqual([
      'winjoin-check dns fail kubernetes.default.svc.cluster.local DNS_ERROR_RCODE_NAME_ERROR',
      'winjoin-check service pass 11.0.0.1:443',
      'winjoin-check pod pass 192.168.1.7:80',
    ]);
  });

  it('answers NXDOMAIN for a Service that does not exist, and refuses a port the Service does not have', async () => {
    const other = checkPod('winjoin-network-check-2', {
      WINJOIN_CHECK_DNS_NAME: 'missing.default.svc.cluster.local',
      WINJOIN_CHECK_SERVICE: '11.0.0.1:80',
    });
    expect(await runNetworkCheck(other, { request, kubeletConfig: KUBELET_CONFIG, kubeProxyHere: true })).toEqual([
      'winjoin-check dns fail missing.default.svc.cluster.local DNS_ERROR_RCODE_NAME_ERROR',
      'winjoin-check service fail 11.0.0.1:80 timeout',
    ]);
  });

  it('fails DNS when kube-dns has no endpoints (no CoreDNS pod Running)', async () => {
    for (const pod of server.state.pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns'))
      expect((await request('DELETE', `/api/v1/namespaces/kube-system/pods/${pod.metadata.name}`)).status).toBe(200);
    expect((await request('GET', '/api/v1/namespaces/kube-system/endpoints/kube-dns')).json.subsets).toEqual([]);
    expect(await run(true)).toEqual([
      'winjoin-check dns fail kubernetes.default.svc.cluster.local ERROR_TIMEOUT',
      'winjoin-check service pass 11.0.0.1:443',
      'winjoin-check pod pass 192.168.1.7:80',
    ]);
  });
});

describe('pods through the simulated API server', () => {
  it('creates a pod, serves its container log without the CRI prefixes, and deletes it', async () => {
    const created = await request('POST', '/api/v1/namespaces/default/pods', CHECK);
    expect(created.status).toBe(201);
    expect(created.json.status.phase).toBe('Pending');
    expect((await request('POST', '/api/v1/namespaces/default/pods', CHECK)).status).toBe(409);
    const log = `/api/v1/namespaces/default/pods/${CHECK.metadata.name}/log?container=check`;
    const before = await request('GET', log);
    expect(before.status).toBe(400);
    expect(before.json.message).toBe('container "check" in pod "winjoin-network-check-1" is waiting to start: ContainerCreating');
    writeContainerLog(created.json, ['winjoin-check dns pass a 1.2.3.4', 'winjoin-check service pass 1.2.3.4:443']);
    expect((await request('GET', log)).text).toBe('winjoin-check dns pass a 1.2.3.4\nwinjoin-check service pass 1.2.3.4:443\n');
    expect((await request('DELETE', `/api/v1/namespaces/default/pods/${CHECK.metadata.name}`)).status).toBe(200);
    expect((await request('GET', `/api/v1/namespaces/default/pods/${CHECK.metadata.name}`)).status).toBe(404);
  });
});
