/**
 * The sample-service and port-mapping steps of a containerd-kubeadm join;
 * sample-service ends with the network check from a pod (pod-network-check.ts).
 * They run inside WinJoin's process, not as PowerShell on the node: creating
 * a Deployment needs the admin kubeconfig, which stays in WinJoin's process
 * (the node keeps only its own system:node identity). WinJoin runs on the
 * node, so the page checks still see the node's network.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WinJoinError, toErrorShape } from '../../../shared/errors.js';
import type { StepContext, StepOutcome } from '../../join/types.js';
import type { ClusterClient } from '../cluster/client.js';
import { deleteCheckPods, runPodNetworkCheck, type TargetPod } from './pod-network-check.js';
import { emitCheck as check, emitLine as line } from './step-events.js';
import {
  HOST_PORT,
  SAMPLE_NAMES,
  SAMPLE_NAMESPACE,
  SAMPLE_PAGE_TEXT,
  WEB_PORT,
  applySample,
  deleteSample,
  type SampleKind,
} from './sample-workloads.js';

export interface PageAnswer {
  status: number;
  body: string;
}

export interface SampleStepDeps {
  client: ClusterClient;
  /** A GET straight from this machine (no proxy): the node's own view of its pods. */
  httpGet(url: string, signal: AbortSignal): Promise<PageAnswer>;
  /** Between polls of the pods; tests make it short. */
  pollMs?: number;
}

interface PodJson {
  metadata: { name: string; deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; podIP?: string; containerStatuses?: { state?: { waiting?: { reason?: string } } }[] };
}

interface PodView {
  name: string;
  phase: string;
  ip: string;
  node: string;
  waiting: string;
  terminating: boolean;
}

function view(pod: PodJson): PodView {
  return {
    name: pod.metadata.name,
    phase: pod.status?.phase ?? 'Unknown',
    ip: pod.status?.podIP ?? '',
    node: pod.spec?.nodeName ?? '',
    waiting: pod.status?.containerStatuses?.map((c) => c.state?.waiting?.reason).find(Boolean) ?? '',
    terminating: Boolean(pod.metadata.deletionTimestamp),
  };
}

const summary = (pods: PodView[]) =>
  pods.length ? pods.map((p) => `${p.name} ${p.phase}${p.waiting ? ` (${p.waiting})` : ''}`).join(', ') : 'no pods yet';

function nodeFacts(context: StepContext): { nodeName: string; osBuild: number } {
  const prerequisites = context.facts.prerequisites ?? {};
  const nodeName = String(context.facts['node-ready']?.nodeName ?? prerequisites.nodeName ?? '');
  const osBuild = Number(prerequisites.osBuild ?? 0);
  if (!nodeName || !osBuild)
    throw new WinJoinError(
      'E_STEP_FAILED',
      'The node name and Windows build are not known: run the prerequisites and node-ready steps first.',
    );
  return { nodeName, osBuild };
}

async function waitForPodOnNode(
  kind: SampleKind,
  nodeName: string,
  context: StepContext,
  deps: SampleStepDeps,
): Promise<{ pods: PodView[]; pod: PodView | null }> {
  const waitMs = Number(context.step.params.waitSeconds ?? 900) * 1000;
  const deadline = Date.now() + waitMs;
  const selector = encodeURIComponent(`app=${SAMPLE_NAMES[kind]}`);
  let pods: PodView[];
  let last = '';
  for (;;) {
    const list = await deps.client.get<{ items: PodJson[] }>(`/api/v1/namespaces/${SAMPLE_NAMESPACE}/pods?labelSelector=${selector}`);
    pods = list.items.map(view);
    const pod = pods.find((p) => p.phase === 'Running' && p.node === nodeName && p.ip && !p.terminating) ?? null;
    if (pod) return { pods, pod };
    const now = summary(pods);
    if (now !== last)
      context.emit({ type: 'step.progress', stepId: context.step.id, percent: null, message: `Waiting for ${SAMPLE_NAMES[kind]}: ${now}` });
    last = now;
    if (Date.now() >= deadline) return { pods, pod: null };
    try {
      await sleep(Math.min(deps.pollMs ?? 5000, Math.max(deadline - Date.now(), 0)), undefined, { signal: context.signal });
    } catch {
      throw new WinJoinError('E_CANCELLED', `Stopped waiting for the ${SAMPLE_NAMES[kind]} pod.`);
    }
  }
}

/**
 * The web server pod the check pod connects to by pod IP. A Running one on another node comes first:
 * traffic between nodes is what the VXLAN overlay must carry, which a pod on this node does not prove.
 * The Deployment pins its pods to this node, so there is one elsewhere only while an earlier join's
 * rollout (another node's) still runs; otherwise it is this node's pod, which proves the pod network
 * on this node (Calico's HNS network and CNI) without kube-proxy. A pod being deleted is no target.
 */
function podToReach(pods: PodView[], here: PodView, nodeName: string): TargetPod {
  const elsewhere = pods.find((p) => p.phase === 'Running' && p.ip && p.node && p.node !== nodeName && !p.terminating);
  const pod = elsewhere ?? here;
  return { name: pod.name, ip: pod.ip, port: WEB_PORT, node: pod.node };
}

async function pageAnswers(url: string, context: StepContext, deps: SampleStepDeps): Promise<boolean> {
  try {
    const answer = await deps.httpGet(url, context.signal);
    return answer.status === 200 && answer.body.includes(SAMPLE_PAGE_TEXT);
  } catch {
    return false;
  }
}

async function nodeInternalIp(client: ClusterClient, nodeName: string): Promise<string> {
  const node = await client.get<{ status?: { addresses?: { type: string; address: string }[] } }>(
    `/api/v1/nodes/${encodeURIComponent(nodeName)}`,
  );
  const address = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!address) throw new WinJoinError('E_STEP_FAILED', `Node ${nodeName} reports no InternalIP address.`);
  return address;
}

/** Runs one sample step (or its undo, params.Undo) and says how it went, as the PowerShell executor does. */
export async function runSampleStep(kind: SampleKind, context: StepContext, deps: SampleStepDeps): Promise<StepOutcome> {
  const name = SAMPLE_NAMES[kind];
  try {
    if (context.step.params.Undo === true) {
      const removed = await deleteSample(deps.client, kind);
      line(context, removed ? `deleted deployment ${SAMPLE_NAMESPACE}/${name}` : `deployment ${SAMPLE_NAMESPACE}/${name} not found`);
      // A run stopped during the network check left its pod behind.
      const leftover = kind === 'sample-service' && (await deleteCheckPods(deps.client));
      return { status: removed || leftover ? 'done' : 'skipped', changed: removed || leftover, exitCode: 0 };
    }
    const { nodeName, osBuild } = nodeFacts(context);
    const changed = await applySample(deps.client, kind, nodeName, osBuild);
    line(context, `deployment ${SAMPLE_NAMESPACE}/${name} ${changed ? 'applied' : 'unchanged'} (node ${nodeName})`);
    const { pods, pod } = await waitForPodOnNode(kind, nodeName, context, deps);
    const found = summary(pods);
    if (!pod) {
      check(
        context,
        'sample-pods-running',
        'fail',
        'failOnNode',
        { pods: found, node: nodeName },
        `no ${name} pod Running on ${nodeName}: ${found}`,
      );
      throw new WinJoinError('E_STEP_TIMEOUT', `The ${name} pod did not reach Running on ${nodeName}: ${found}`, { detail: found });
    }
    check(context, 'sample-pods-running', 'pass', 'pass', { pods: found }, found);

    if (kind === 'sample-service') {
      const url = `http://${pod.ip}/`;
      if (!(await pageAnswers(url, context, deps))) {
        check(context, 'sample-page', 'fail', 'fail', { url }, `${url} did not return the ${SAMPLE_PAGE_TEXT} page`);
        throw new WinJoinError('E_STEP_FAILED', `The sample page at pod IP ${pod.ip} did not answer.`, { url });
      }
      check(context, 'sample-page', 'pass', 'pass', { url }, `${url} answers`);
      // The page answered this machine; a pod here must also reach the cluster's DNS, Services and pods.
      if (!(await runPodNetworkCheck(context, deps, nodeName, osBuild, podToReach(pods, pod, nodeName))))
        throw new WinJoinError(
          'E_STEP_FAILED',
          `A pod on ${nodeName} could not resolve the cluster DNS name, reach the kubernetes Service or reach a web server pod.`,
        );
      return { status: 'done', changed, exitCode: 0, facts: { podIp: pod.ip, pod: pod.name } };
    }

    const url = `http://${await nodeInternalIp(deps.client, nodeName)}:${HOST_PORT}/`;
    if (!(await pageAnswers(url, context, deps))) {
      check(context, 'host-port', 'fail', 'fail', { url }, `${url} did not return the web page`);
      throw new WinJoinError('E_STEP_FAILED', `${url} did not answer.`, { url });
    }
    check(context, 'host-port', 'pass', 'pass', { url }, `${url} answers`);
    return { status: 'done', changed, exitCode: 0, facts: { url } };
  } catch (error) {
    return { status: 'failed', exitCode: null, error: toErrorShape(error) };
  }
}
