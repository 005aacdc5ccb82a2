import { describe, expect, it } from 'vitest';
import { winjoinStepContext } from './testing/step-context.js';
import type { StepContext, StepOutcome } from '../../join/types.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import { runSdnSampleStep } from './sdn-samples.js';

const MANIFEST = `apiVersion: v1
kind: Service
metadata:
  name: win-webserver
spec:
  ports:
    - port: 80
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: win-webserver
spec:
  replicas: 1
`;

/** The API as far as the samples use it: objects by path, as stored (with a resourceVersion and the server's own defaults). */
function fakeCluster(existing: Record<string, unknown> = {}) {
  const objects = new Map(Object.entries(existing));
  const calls: string[] = [];
  const client: ClusterClient = {
    server: 'https://127.0.0.1:6443',
    async get<T>(path: string): Promise<T> {
      calls.push(`GET ${path}`);
      if (!objects.has(path)) throw new ApiStatusError(404, 'NotFound', 'not found');
      return structuredClone(objects.get(path)) as T;
    },
    getText: async () => '',
    async send<T>(method: string, path: string, body: unknown): Promise<T> {
      calls.push(`${method} ${path}`);
      if (method === 'POST') objects.set(`${path}/${(body as { metadata: { name: string } }).metadata.name}`, body);
      else if (method === 'PUT') objects.set(path, body);
      else if (method === 'DELETE' && !objects.delete(path)) throw new ApiStatusError(404, 'NotFound', 'not found');
      return {} as T;
    },
    close: async () => undefined,
  };
  return { client, calls, objects };
}

const SERVICE = '/api/v1/namespaces/default/services/win-webserver';
const DEPLOYMENT = '/apis/extensions/v1beta1/namespaces/default/deployments/win-webserver';

function contextFor(params: Record<string, unknown>): { context: StepContext; lines: string[] } {
  return winjoinStepContext('sample-service', params);
}

function fakeNode() {
  const runs: Record<string, unknown>[] = [];
  const runOnNode = async (script: string, params: Record<string, unknown>): Promise<StepOutcome> => {
    runs.push({ script, ...params });
    if (params.Manifest)
      return { status: 'done', exitCode: 0, changed: false, facts: { manifest: Buffer.from(MANIFEST).toString('base64') } };
    return { status: 'done', exitCode: 0, changed: false, facts: { podIp: '192.168.1.5' } };
  };
  return { runs, runOnNode };
}

const PARAMS = { kubeconfigPath: '/admin.conf', nodeScript: 'sample-service.ps1', installDir: 'C:\\k', waitSeconds: 5 };

describe("docker-sdn samples: WinJoin applies the node's SDN manifest, the node checks", () => {
  it('creates what is missing and leaves what already holds the manifest, then runs the node check without the admin kubeconfig', async () => {
    // The server filled in a cluster IP, a protocol and a resourceVersion: the manifest's values are still all there.
    const cluster = fakeCluster({
      [SERVICE]: { metadata: { resourceVersion: '7' }, spec: { clusterIP: '10.96.0.9', ports: [{ port: 80, protocol: 'TCP' }] } },
    });
    const node = fakeNode();
    const { context, lines } = contextFor(PARAMS);
    const outcome = await runSdnSampleStep(context, { client: cluster.client, runOnNode: node.runOnNode });
    expect(outcome).toMatchObject({ status: 'done', changed: true, facts: { podIp: '192.168.1.5' } });
    expect(cluster.calls.filter((c) => !c.startsWith('GET'))).toEqual(['POST /apis/extensions/v1beta1/namespaces/default/deployments']);
    expect(lines).toEqual(['service "win-webserver" unchanged', 'deployment.extensions "win-webserver" created']);
    expect(node.runs).toEqual([
      { script: 'sample-service.ps1', installDir: 'C:\\k', waitSeconds: 5, Manifest: true },
      { script: 'sample-service.ps1', installDir: 'C:\\k', waitSeconds: 5 },
    ]);
  });

  it('replaces an object that differs (port-mapping reuses the names of sample-service), keeping the cluster IP', async () => {
    const cluster = fakeCluster({
      [SERVICE]: { metadata: { resourceVersion: '7' }, spec: { clusterIP: '10.96.0.9', ports: [{ port: 8080 }] } },
      [DEPLOYMENT]: { metadata: { resourceVersion: '8' }, spec: { replicas: 1 } },
    });
    const { context, lines } = contextFor(PARAMS);
    await runSdnSampleStep(context, { client: cluster.client, runOnNode: fakeNode().runOnNode });
    expect(lines).toEqual(['service "win-webserver" configured', 'deployment.extensions "win-webserver" unchanged']);
    expect(cluster.objects.get(SERVICE)).toMatchObject({
      metadata: { resourceVersion: '7' },
      spec: { clusterIP: '10.96.0.9', ports: [{ port: 80 }] },
    });
  });

  it('undo deletes the Deployment, then the Service, and is skipped when neither is there', async () => {
    const cluster = fakeCluster({ [SERVICE]: {}, [DEPLOYMENT]: {} });
    const { context } = contextFor({ ...PARAMS, Undo: true });
    expect(await runSdnSampleStep(context, { client: cluster.client, runOnNode: fakeNode().runOnNode })).toMatchObject({
      status: 'done',
      changed: true,
    });
    expect(cluster.calls).toEqual([
      'DELETE /apis/extensions/v1beta1/namespaces/default/deployments/win-webserver',
      'DELETE /api/v1/namespaces/default/services/win-webserver',
    ]);
    expect(await runSdnSampleStep(context, { client: cluster.client, runOnNode: fakeNode().runOnNode })).toMatchObject({
      status: 'skipped',
      changed: false,
    });
  });
});
