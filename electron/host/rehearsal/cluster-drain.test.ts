/**
 * The reset's drain (node-removal.ts) against the simulated containerd-kubeadm
 * API server: cordon through PUT of the node, Evictions for the pods that are
 * not a DaemonSet's, and the pods gone; the API answers as a real one does
 * (a stale resourceVersion conflicts, an Eviction for a missing pod is 404).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { winjoinStepContext } from '../cluster-steps/testing/step-context.js';
import type { NewJournalEvent } from '../../../shared/events.js';
import type { StepContext } from '../../join/types.js';
import { kubeProxyWindowsDaemonSet } from '../cluster-prereqs/kube-proxy-windows.js';
import { ApiStatusError, createClusterClient, type ClusterClient } from '../cluster/client.js';
import { drainNode } from '../cluster-steps/node-removal.js';
import { startClusterServer, type ClusterServer } from './cluster-server.js';
import { initialClusterState } from './cluster-store.js';
import { KUBEADM_WORLD_SERVER_VERSION } from './kubeadm-world.js';
import { ensurePki } from './pki.js';
import { scenarioFaults } from './scenarios.js';

interface Pod {
  metadata: { name: string; namespace: string; ownerReferences?: { kind: string }[] };
  spec: { nodeName?: string };
}

let dir: string;
let server: ClusterServer;
let client: ClusterClient;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-cluster-drain-'));
  const pki = await ensurePki(path.join(dir, 'pki'), '192.0.2.10');
  const state = initialClusterState({
    serverVersion: KUBEADM_WORLD_SERVER_VERSION,
    clusterCidr: '192.168.0.0/16',
    serviceCidr: '11.0.0.0/16',
    dnsServiceIp: '11.0.0.10',
    masterIp: '192.0.2.10',
    allocateNodeCidrs: true,
    kubeadm: { caPem: pki.caCert, apiServer: { host: '192.0.2.10', port: 6443 }, faults: scenarioFaults('happy') },
  });
  server = await startClusterServer({ pki, pkiDir: path.join(dir, 'pki'), state, stateFile: path.join(dir, 'cluster.json') });
  client = await createClusterClient({
    server: `https://127.0.0.1:${server.port}`,
    ca: pki.caCert,
    cert: pki.clientCert,
    key: pki.clientKey,
  });
  // A joined Windows node with kube-proxy-windows (and calico-node-windows) on it, and a workload scheduled there.
  await client.send('POST', '/api/v1/nodes', {
    metadata: { name: 'win-1', labels: { 'kubernetes.io/os': 'windows' } },
    status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '192.0.2.20' }] },
  });
  await client.send('POST', '/apis/apps/v1/namespaces/kube-system/daemonsets', kubeProxyWindowsDaemonSet('1.35.1'));
  await client.send('POST', '/apis/apps/v1/namespaces/default/deployments', {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'windows' },
          containers: [{ name: 'web', image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }],
        },
      },
    },
  });
});
afterAll(async () => {
  await client?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function podsOn(node: string): Promise<Pod[]> {
  return (await client.get<{ items: Pod[] }>(`/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`)).items;
}

function drainContext(): { ctx: StepContext; events: NewJournalEvent[] } {
  const { context, events } = winjoinStepContext(
    'node-drain',
    { nodeName: 'win-1', kubeconfigPath: '/admin.conf', waitSeconds: 10 },
    { stateDir: dir },
  );
  return { ctx: context, events };
}

describe('the simulated API server under a drain', () => {
  it('answers cordon and eviction as a real one: a stale update conflicts, a missing pod is 404, a mismatched name 400', async () => {
    const node = await client.get<{ metadata: { resourceVersion: string } }>('/api/v1/nodes/win-1');
    const stale = { ...node, metadata: { ...node.metadata, resourceVersion: '1' } };
    await expect(client.send('PUT', '/api/v1/nodes/win-1', stale)).rejects.toMatchObject({ status: 409 });
    const eviction = (name: string) => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
    await expect(client.send('POST', '/api/v1/namespaces/default/pods/nope/eviction', eviction('nope'))).rejects.toMatchObject({
      status: 404,
    });
    const [web] = (await podsOn('win-1')).filter((p) => p.metadata.namespace === 'default');
    await expect(
      client.send('POST', `/api/v1/namespaces/default/pods/${web!.metadata.name}/eviction`, eviction('other')),
    ).rejects.toBeInstanceOf(ApiStatusError);
    expect((await podsOn('win-1')).map((p) => p.metadata.name)).toContain(web!.metadata.name);
  });

  it("lets WinJoin's drain finish without a warning: the node cordoned, its workload gone, the DaemonSet pods left", async () => {
    const before = await podsOn('win-1');
    expect(before.filter((p) => p.metadata.namespace === 'default')).toHaveLength(1);
    expect(before.filter((p) => p.metadata.ownerReferences?.some((o) => o.kind === 'DaemonSet')).length).toBeGreaterThanOrEqual(2);

    const { ctx, events } = drainContext();
    const outcome = await drainNode(ctx, { client, pollMs: 50 });
    expect(events.filter((e) => e.type === 'note')).toEqual([]);
    expect(outcome).toMatchObject({ status: 'done', changed: true });

    expect((await client.get<{ spec: { unschedulable?: boolean } }>('/api/v1/nodes/win-1')).spec.unschedulable).toBe(true);
    const after = await podsOn('win-1');
    expect(after.filter((p) => p.metadata.namespace === 'default')).toEqual([]);
    expect(after.map((p) => p.metadata.name).sort()).toEqual(
      before
        .filter((p) => p.metadata.namespace !== 'default')
        .map((p) => p.metadata.name)
        .sort(),
    );
    // The deployment's replacement waits: the only Windows node is cordoned.
    const web = (await client.get<{ items: Pod[] }>('/api/v1/namespaces/default/pods')).items;
    expect(web.map((p) => p.spec.nodeName ?? null)).toEqual([null]);
  });
});
