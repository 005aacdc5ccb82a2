/**
 * The cluster questions a join asks: is the API server there and which
 * version, what is kube-dns's service IP, and (after the node starts)
 * did the node register, get a pod CIDR and become Ready.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WinJoinError } from '../../../shared/errors.js';
import { ApiStatusError, type ClusterClient } from './client.js';
import { getNode, type NodeSummary } from './nodes.js';

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  platform?: string;
}

/** GET /version: the connection test. */
export async function serverVersion(client: ClusterClient): Promise<ServerVersion> {
  return client.get<ServerVersion>('/version');
}

/** kube-system/kube-dns's cluster IP, or null when the cluster has no such service. */
export async function kubeDnsServiceIp(client: ClusterClient): Promise<string | null> {
  try {
    const svc = await client.get<{ spec?: { clusterIP?: string } }>('/api/v1/namespaces/kube-system/services/kube-dns');
    return svc.spec?.clusterIP ?? null;
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 404) return null;
    throw error;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  onUpdate?: (state: string) => void;
}

export type NodeWaitReason = 'not-registered' | 'no-pod-cidr' | 'not-ready';

/**
 * Polls until the node is registered, has a pod CIDR (needed by the legacy
 * scripts) and is Ready. On timeout says which of the three it got stuck at.
 */
export async function waitForNodeReady(
  client: ClusterClient,
  name: string,
  options: WaitOptions & { needPodCidr?: boolean },
): Promise<NodeSummary> {
  const deadline = Date.now() + options.timeoutMs;
  let reason: NodeWaitReason;
  let detail: string;
  for (;;) {
    try {
      const node = await getNode(client, name);
      if (options.needPodCidr !== false && !node.podCidr) {
        reason = 'no-pod-cidr';
        detail = 'the node has no .spec.podCIDR: is the controller-manager started with --allocate-node-cidrs?';
      } else if (!node.ready) {
        reason = 'not-ready';
        detail = node.notReady ?? 'NotReady';
      } else {
        return node;
      }
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.status === 404)) throw error;
      reason = 'not-registered';
      detail = 'kubelet has not registered the node (check its kubeconfig and certificates)';
    }
    options.onUpdate?.(`${reason}: ${detail}`);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new WinJoinError(
        'E_STEP_TIMEOUT',
        `Node ${name} is not Ready after ${Math.round(options.timeoutMs / 1000)} s: ${reason} (${detail})`,
        {
          node: name,
          reason,
          detail,
        },
      );
    }
    try {
      await sleep(Math.min(options.pollMs ?? 2000, left), undefined, options.signal ? { signal: options.signal } : undefined);
    } catch {
      throw new WinJoinError('E_CANCELLED', `Stopped waiting for node ${name}.`, { node: name });
    }
  }
}
