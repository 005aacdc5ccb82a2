/**
 * What the control plane does on its own, as pure functions over the state:
 * the node IPAM controller (a /24 of the cluster CIDR per registered node,
 * when --allocate-node-cidrs is on), service cluster IPs, the deployment
 * controller (pods from templates) and the scheduler (node selector, Ready,
 * one hostPort per node). The kubelet stand-in, not this file, runs pods.
 */
import { createHash } from 'node:crypto';
import type { ClusterState, DeploymentObject, NodeObject, ObjectMeta, PodObject, ServiceObject } from './cluster-model.js';
import { nextFreeAddress, nextFreeSubnet24 } from './ipv4.js';

export function newMeta(state: ClusterState, name: string, namespace?: string, labels?: Record<string, string>): ObjectMeta {
  state.counter += 1;
  const meta: ObjectMeta = {
    name,
    uid: createHash('sha256')
      .update(`${name}/${state.counter}`)
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'),
    resourceVersion: String(state.counter),
    creationTimestamp: new Date().toISOString(),
  };
  if (namespace) meta.namespace = namespace;
  if (labels) meta.labels = labels;
  return meta;
}

export function touch(state: ClusterState, meta: ObjectMeta): void {
  state.counter += 1;
  meta.resourceVersion = String(state.counter);
}

export function isReady(node: NodeObject): boolean {
  return node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The node IPAM controller: runs whenever a node appears. */
export function allocatePodCidrs(state: ClusterState): void {
  if (!state.allocateNodeCidrs) return;
  for (const node of state.nodes) {
    if (node.spec.podCIDR) continue;
    const taken = state.nodes.map((n) => n.spec.podCIDR).filter((c): c is string => Boolean(c));
    const cidr = nextFreeSubnet24(state.clusterCidr, taken);
    if (!cidr) continue;
    node.spec.podCIDR = cidr;
    touch(state, node.metadata);
  }
}

export function allocateClusterIp(state: ClusterState, service: ServiceObject): void {
  if (service.spec.clusterIP) return;
  const taken = state.services.map((s) => s.spec.clusterIP).filter((ip): ip is string => Boolean(ip));
  // .1 is the kubernetes service and .10 kube-dns by convention; dynamic IPs start above them.
  service.spec.clusterIP = nextFreeAddress(state.serviceCidr, taken, 11) ?? undefined;
}

function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

function hostPorts(pod: { spec: PodObject['spec'] }): number[] {
  return pod.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.hostPort).filter((p): p is number => typeof p === 'number'));
}

function templateHash(deployment: DeploymentObject): string {
  return createHash('sha256').update(JSON.stringify(deployment.spec.template)).digest('hex').slice(0, 10);
}

/** The deployment controller: each deployment owns `replicas` pods of its current template. */
export function reconcileDeployments(state: ClusterState): void {
  for (const deployment of state.deployments) {
    const hash = templateHash(deployment);
    const owned = (p: PodObject): boolean =>
      p.metadata.namespace === deployment.metadata.namespace && p.metadata.labels?.['winjoin.rehearsal/owner'] === deployment.metadata.name;
    // A changed template replaces every pod (the 1.9 default strategy converges to this).
    state.pods = state.pods.filter((p) => !owned(p) || p.metadata.labels?.['pod-template-hash'] === hash);
    const current = state.pods.filter(owned);
    const wanted = deployment.spec.replicas ?? 1;
    for (let i = current.length; i < wanted; i++) {
      const suffix = createHash('sha256').update(`${hash}/${state.counter}/${i}`).digest('hex').slice(0, 5);
      const labels = {
        ...(deployment.spec.template.metadata?.labels ?? {}),
        'pod-template-hash': hash,
        'winjoin.rehearsal/owner': deployment.metadata.name,
      };
      state.pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...newMeta(state, `${deployment.metadata.name}-${hash.slice(0, 8)}-${suffix}`, deployment.metadata.namespace, labels),
          namespace: deployment.metadata.namespace,
        },
        spec: structuredClone(deployment.spec.template.spec),
        status: { phase: 'Pending' },
      });
    }
    for (const extra of current.slice(wanted)) state.pods = state.pods.filter((p) => p !== extra);
  }
  state.pods = state.pods.filter(
    (p) =>
      !p.metadata.labels?.['winjoin.rehearsal/owner'] ||
      state.deployments.some(
        (d) => d.metadata.name === p.metadata.labels?.['winjoin.rehearsal/owner'] && d.metadata.namespace === p.metadata.namespace,
      ),
  );
}

/** The scheduler: binds pending pods to a Ready node whose labels match and whose host ports are free. */
export function schedulePods(state: ClusterState): void {
  for (const pod of state.pods) {
    if (pod.spec.nodeName) continue;
    const wanted = hostPorts(pod);
    const node = state.nodes.find((n) => {
      // A cordoned node (spec.unschedulable) takes no new pod; only DaemonSet pods tolerate it, and those are placed below.
      if (!isReady(n) || n.spec.unschedulable === true || !labelsMatch(pod.spec.nodeSelector, n.metadata.labels)) return false;
      const used = state.pods.filter((p) => p.spec.nodeName === n.metadata.name).flatMap(hostPorts);
      return !wanted.some((port) => used.includes(port));
    });
    if (!node) {
      pod.status.conditions = [
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/' + state.nodes.length + ' nodes are available' },
      ];
      continue;
    }
    pod.spec.nodeName = node.metadata.name;
    pod.status.hostIP = node.status.addresses?.find((a) => a.type === 'InternalIP')?.address;
    pod.status.conditions = [{ type: 'PodScheduled', status: 'True' }];
    touch(state, pod.metadata);
  }
}

interface DaemonSetJson {
  metadata: ObjectMeta;
  spec?: { template?: { metadata?: { labels?: Record<string, string> }; spec?: PodObject['spec'] } };
  status?: Record<string, unknown>;
}

const DAEMONSET_LABEL = 'winjoin.rehearsal/daemonset';

/**
 * The DaemonSet controller: one pod per node whose labels match the
 * template's nodeSelector. The DaemonSets a Windows node gets (kube-proxy-windows,
 * calico-node-windows) run HostProcess containers from images the stand-in
 * kubelet does not pull, so their pods are Running as soon as they are bound.
 */
export function reconcileDaemonSets(state: ClusterState): void {
  const daemonSets = (state.objects?.['apps/v1/daemonsets'] ?? []) as unknown as DaemonSetJson[];
  const owner = (p: PodObject, ds: DaemonSetJson) =>
    p.metadata.namespace === ds.metadata.namespace && p.metadata.labels?.[DAEMONSET_LABEL] === ds.metadata.name;
  state.pods = state.pods.filter((p) => !p.metadata.labels?.[DAEMONSET_LABEL] || daemonSets.some((ds) => owner(p, ds)));
  for (const ds of daemonSets) {
    const template = ds.spec?.template ?? {};
    const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
    // Not only Ready nodes: the DaemonSet controller tolerates not-ready, and the CNI DaemonSet is what makes a node Ready (T26).
    const nodes = state.nodes.filter((n) => labelsMatch(template.spec?.nodeSelector, n.metadata.labels));
    const names = new Set(nodes.map((n) => n.metadata.name));
    state.pods = state.pods.filter(
      (p) => !owner(p, ds) || (names.has(p.spec.nodeName ?? '') && p.metadata.labels?.['controller-revision-hash'] === hash),
    );
    for (const node of nodes) {
      if (state.pods.some((p) => owner(p, ds) && p.spec.nodeName === node.metadata.name)) continue;
      const suffix = createHash('sha256').update(`${hash}/${node.metadata.name}/${state.counter}`).digest('hex').slice(0, 5);
      const labels = { ...(template.metadata?.labels ?? {}), 'controller-revision-hash': hash, [DAEMONSET_LABEL]: ds.metadata.name };
      const hostIP = node.status.addresses?.find((a) => a.type === 'InternalIP')?.address;
      const spec = structuredClone(template.spec ?? { containers: [] });
      const now = new Date().toISOString();
      state.pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...newMeta(state, `${ds.metadata.name}-${suffix}`, ds.metadata.namespace, labels),
          namespace: ds.metadata.namespace!,
          // As the DaemonSet controller writes it: what kubectl drain --ignore-daemonsets recognises a DaemonSet's pod by.
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              name: ds.metadata.name,
              uid: ds.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: { ...spec, nodeName: node.metadata.name },
        status: {
          phase: 'Running',
          hostIP,
          podIP: hostIP,
          startTime: now,
          conditions: [
            { type: 'PodScheduled', status: 'True' },
            { type: 'Ready', status: 'True', lastTransitionTime: now },
          ],
          containerStatuses: (spec.containers ?? []).map((c) => ({
            name: c.name,
            image: c.image,
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: now } },
          })),
        },
      });
    }
    const running = state.pods.filter((p) => owner(p, ds)).length;
    ds.status = {
      desiredNumberScheduled: nodes.length,
      currentNumberScheduled: running,
      numberReady: running,
      numberAvailable: running,
      updatedNumberScheduled: running,
      numberMisscheduled: 0,
    };
  }
}

/** Everything the controllers do after any change. */
export function reconcile(state: ClusterState): void {
  allocatePodCidrs(state);
  for (const service of state.services) allocateClusterIp(state, service);
  reconcileDeployments(state);
  reconcileDaemonSets(state);
  schedulePods(state);
}
