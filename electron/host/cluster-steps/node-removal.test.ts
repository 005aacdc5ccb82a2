import { describe, expect, it } from 'vitest';
import { winjoinStepContext } from './testing/step-context.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import { deleteNode, drainNode } from './node-removal.js';

interface Pod {
  metadata: {
    name: string;
    namespace: string;
    ownerReferences?: { kind: string; controller?: boolean }[];
    annotations?: Record<string, string>;
  };
  spec: { nodeName: string };
  status: { phase: string };
}

/** A cluster of one node: what the drain and the deletion send, and how the API answers. */
function fakeCluster(options: { evictionStatus?: number; conflicts?: number } = {}) {
  let conflicts = options.conflicts ?? 0;
  const calls: string[] = [];
  let node: { metadata: { name: string; resourceVersion: string }; spec: { unschedulable?: boolean } } | null = {
    metadata: { name: 'win-1', resourceVersion: '7' },
    spec: {},
  };
  let pods: Pod[] = [
    { metadata: { name: 'web-1', namespace: 'default' }, spec: { nodeName: 'win-1' }, status: { phase: 'Running' } },
    {
      metadata: { name: 'kube-proxy-windows-x', namespace: 'kube-system', ownerReferences: [{ kind: 'DaemonSet', controller: true }] },
      spec: { nodeName: 'win-1' },
      status: { phase: 'Running' },
    },
    {
      metadata: { name: 'static', namespace: 'kube-system', annotations: { 'kubernetes.io/config.mirror': 'x' } },
      spec: { nodeName: 'win-1' },
      status: { phase: 'Running' },
    },
  ];
  const notFound = (path: string) => new ApiStatusError(404, 'NotFound', `${path}: 404 not found`);
  const client: ClusterClient = {
    server: 'https://127.0.0.1:6443',
    async get<T>(path: string): Promise<T> {
      calls.push(`GET ${path}`);
      if (path === '/api/v1/nodes/win-1') {
        if (!node) throw notFound(path);
        return structuredClone(node) as T;
      }
      if (path.startsWith('/api/v1/pods?fieldSelector=')) return { items: pods } as T;
      throw notFound(path);
    },
    // The removal reads no logs.
    getText: async (path) => {
      throw notFound(path);
    },
    async send<T>(method: string, path: string, body: unknown): Promise<T> {
      calls.push(`${method} ${path}`);
      if (method === 'PUT' && path === '/api/v1/nodes/win-1') {
        // The kubelet wrote the node's status in between: what was read is stale.
        if (conflicts-- > 0) {
          node = { ...node!, metadata: { ...node!.metadata, resourceVersion: String(Number(node!.metadata.resourceVersion) + 1) } };
          throw new ApiStatusError(409, 'Conflict', `${path}: 409 the object has been modified`);
        }
        node = body as typeof node;
        return node as T;
      }
      if (method === 'POST' && path.endsWith('/eviction')) {
        if (options.evictionStatus) throw new ApiStatusError(options.evictionStatus, 'Forbidden', `${path}: ${options.evictionStatus}`);
        const name = path.split('/').at(-2);
        pods = pods.filter((p) => p.metadata.name !== name);
        return {} as T;
      }
      if (method === 'DELETE' && path === '/api/v1/nodes/win-1') {
        if (!node) throw notFound(path);
        node = null;
        return {} as T;
      }
      throw notFound(path);
    },
    close: async () => undefined,
  };
  return { client, calls, node: () => node, pods: () => pods };
}

function context(id: 'node-drain' | 'node-delete') {
  const { context: ctx, events } = winjoinStepContext(
    id,
    { nodeName: 'win-1', kubeconfigPath: '/admin.conf', waitSeconds: 1 },
    { stateDir: '/tmp' },
  );
  return { ctx, events };
}

describe('node-drain', () => {
  it('cordons the node, evicts its pods but not DaemonSet or mirror pods, and waits for them to go', async () => {
    const cluster = fakeCluster();
    const { ctx } = context('node-drain');
    const outcome = await drainNode(ctx, { client: cluster.client, pollMs: 5 });
    expect(outcome).toMatchObject({ status: 'done', changed: true });
    expect(cluster.node()?.spec.unschedulable).toBe(true);
    expect(cluster.node()?.metadata.resourceVersion).toBe('7');
    expect(cluster.calls.filter((c) => c.includes('/eviction'))).toEqual(['POST /api/v1/namespaces/default/pods/web-1/eviction']);
    expect(cluster.pods().map((p) => p.metadata.name)).toEqual(['kube-proxy-windows-x', 'static']);
  });

  it('reads the node again and cordons it when the kubelet updated it in between (409)', async () => {
    const cluster = fakeCluster({ conflicts: 2 });
    const { ctx, events } = context('node-drain');
    expect(await drainNode(ctx, { client: cluster.client, pollMs: 5 })).toMatchObject({ status: 'done', changed: true });
    expect(cluster.node()).toMatchObject({ spec: { unschedulable: true }, metadata: { resourceVersion: '9' } });
    expect(events.filter((e) => e.type === 'note')).toEqual([]);
  });

  it('warns, and does not fail, when the kubeconfig may not evict', async () => {
    const cluster = fakeCluster({ evictionStatus: 403 });
    const { ctx, events } = context('node-drain');
    const outcome = await drainNode(ctx, { client: cluster.client, pollMs: 5 });
    expect(outcome.status).toBe('done');
    expect(events).toContainEqual(expect.objectContaining({ type: 'note', level: 'warn', key: 'reset.drainIncomplete' }));
  });

  it('skips a node the cluster no longer has', async () => {
    const cluster = fakeCluster();
    await deleteNode(context('node-delete').ctx, { client: cluster.client });
    expect(await drainNode(context('node-drain').ctx, { client: cluster.client })).toMatchObject({ status: 'skipped', changed: false });
  });
});

describe('node-delete', () => {
  it('deletes the node, and a second run finds nothing to do', async () => {
    const cluster = fakeCluster();
    expect(await deleteNode(context('node-delete').ctx, { client: cluster.client })).toMatchObject({ status: 'done', changed: true });
    expect(cluster.node()).toBeNull();
    expect(await deleteNode(context('node-delete').ctx, { client: cluster.client })).toMatchObject({ status: 'skipped', changed: false });
  });

  it('fails with the API error when the node cannot be deleted', async () => {
    const cluster = fakeCluster();
    cluster.client.send = async () => {
      throw new ApiStatusError(403, 'Forbidden', 'DELETE /api/v1/nodes/win-1: 403 nodes "win-1" is forbidden');
    };
    const outcome = await deleteNode(context('node-delete').ctx, { client: cluster.client });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_CLUSTER_UNREACHABLE' } });
  });
});
