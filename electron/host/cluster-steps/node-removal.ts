/**
 * The reset's node-drain and node-delete steps (reset-plan.ts), inside
 * WinJoin's process with the admin kubeconfig, as `kubectl drain <node>
 * --ignore-daemonsets --delete-emptydir-data --force` and `kubectl delete node`
 * do it through the API (windows-join-modern.md section 5): cordon (the node
 * written back with spec.unschedulable, its resourceVersion guarding against a
 * concurrent change), then an Eviction for each pod on the node that is not a
 * DaemonSet's or a static pod's mirror, then wait for them to go.
 *
 * A drain that cannot finish (the kubeconfig may not evict, a disruption
 * budget refuses) is a warning, not a failure: the node is deleted right
 * after, which removes its pods anyway; the admin learns which pods were
 * still there.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { toErrorShape } from '../../../shared/errors.js';
import type { StepContext, StepOutcome } from '../../join/types.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';

interface NodeJson {
  metadata: { name: string; resourceVersion?: string };
  spec?: { unschedulable?: boolean };
}

interface PodJson {
  metadata: {
    name: string;
    namespace: string;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; controller?: boolean }[];
  };
  status?: { phase?: string };
}

export interface NodeRemovalDeps {
  client: ClusterClient;
  /** Between polls while pods leave; tests make it short. */
  pollMs?: number;
}

const CORDON_ATTEMPTS = 5;
const notFound = (error: unknown) => error instanceof ApiStatusError && error.status === 404;
const line = (context: StepContext, text: string) =>
  context.emit({ type: 'step.output', stepId: context.step.id, stream: 'stdout', line: text });

function nodeNameOf(context: StepContext): string {
  const name = context.step.params.nodeName;
  if (typeof name !== 'string' || !name) throw new Error(`step ${context.step.id} has no nodeName`);
  return name;
}

/** The pods a drain evicts: not a DaemonSet's (--ignore-daemonsets), not a static pod's mirror, not finished. */
function evictable(pod: PodJson): boolean {
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror']) return false;
  if (pod.metadata.ownerReferences?.some((o) => o.controller && o.kind === 'DaemonSet')) return false;
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

async function podsOn(client: ClusterClient, nodeName: string): Promise<PodJson[]> {
  const selector = encodeURIComponent(`spec.nodeName=${nodeName}`);
  const list = await client.get<{ items: PodJson[] }>(`/api/v1/pods?fieldSelector=${selector}`);
  return list.items.filter(evictable);
}

async function evict(client: ClusterClient, pod: PodJson): Promise<void> {
  const { name, namespace } = pod.metadata;
  try {
    await client.send('POST', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/eviction`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace },
    });
  } catch (error) {
    if (!notFound(error)) throw error;
  }
}

/**
 * Writes the node back unschedulable; true if this changed it. The kubelet updates the node's status
 * meanwhile, so a write with the resourceVersion read may conflict (409): read it again and retry, as
 * kubectl's cordon does.
 */
async function cordon(client: ClusterClient, read: NodeJson): Promise<boolean> {
  const nodePath = `/api/v1/nodes/${encodeURIComponent(read.metadata.name)}`;
  let node = read;
  for (let attempt = 1; ; attempt++) {
    if (node.spec?.unschedulable) return false;
    try {
      await client.send('PUT', nodePath, { ...node, spec: { ...node.spec, unschedulable: true } });
      return true;
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.status === 409) || attempt >= CORDON_ATTEMPTS) throw error;
      node = await client.get<NodeJson>(nodePath);
    }
  }
}

export async function drainNode(context: StepContext, deps: NodeRemovalDeps): Promise<StepOutcome> {
  const nodeName = nodeNameOf(context);
  let node: NodeJson;
  try {
    node = await deps.client.get<NodeJson>(`/api/v1/nodes/${encodeURIComponent(nodeName)}`);
  } catch (error) {
    if (!notFound(error)) return { status: 'failed', exitCode: null, error: toErrorShape(error) };
    line(context, `node ${nodeName} is not in the cluster: nothing to drain`);
    return { status: 'skipped', changed: false, exitCode: 0 };
  }
  let changed = false;
  try {
    if (await cordon(deps.client, node)) {
      line(context, `node ${nodeName} cordoned`);
      changed = true;
    }
    const deadline = Date.now() + Number(context.step.params.waitSeconds ?? 120) * 1000;
    let pods = await podsOn(deps.client, nodeName);
    for (const pod of pods) {
      await evict(deps.client, pod);
      line(context, `evicting pod ${pod.metadata.namespace}/${pod.metadata.name}`);
      changed = true;
    }
    while (pods.length && Date.now() < deadline && !context.signal.aborted) {
      await sleep(deps.pollMs ?? 2000);
      pods = await podsOn(deps.client, nodeName);
    }
    if (pods.length) throw new Error(`pods still on the node: ${pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}`);
    line(context, `node ${nodeName} drained`);
  } catch (error) {
    const reason = toErrorShape(error).message;
    line(context, `the drain of ${nodeName} did not finish: ${reason}`);
    context.emit({ type: 'note', level: 'warn', key: 'reset.drainIncomplete', params: { node: nodeName, reason } });
  }
  return { status: changed ? 'done' : 'skipped', changed, exitCode: 0 };
}

export async function deleteNode(context: StepContext, deps: NodeRemovalDeps): Promise<StepOutcome> {
  const nodeName = nodeNameOf(context);
  try {
    await deps.client.send('DELETE', `/api/v1/nodes/${encodeURIComponent(nodeName)}`, undefined);
    line(context, `node ${nodeName} deleted`);
    return { status: 'done', changed: true, exitCode: 0 };
  } catch (error) {
    if (!notFound(error)) return { status: 'failed', exitCode: null, error: toErrorShape(error) };
    line(context, `node ${nodeName} is not in the cluster: nothing to delete`);
    return { status: 'skipped', changed: false, exitCode: 0 };
  }
}
