/** Reading nodes: pod CIDRs (the legacy scripts need them) and readiness. */
import type { ClusterClient } from './client.js';

interface NodeJson {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { podCIDR?: string; podCIDRs?: string[] };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    nodeInfo?: { operatingSystem?: string; kubeletVersion?: string };
    addresses?: { type: string; address: string }[];
  };
}

export interface NodeSummary {
  name: string;
  os: string | null;
  kubeletVersion: string | null;
  internalIp: string | null;
  podCidr: string | null;
  ready: boolean;
  /** The Ready condition's reason and message when it is not True. */
  notReady: string | null;
}

export function summarize(node: NodeJson): NodeSummary {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return {
    name: node.metadata.name,
    os: node.status?.nodeInfo?.operatingSystem ?? node.metadata.labels?.['kubernetes.io/os'] ?? null,
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? null,
    internalIp: node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? null,
    podCidr: node.spec?.podCIDR ?? node.spec?.podCIDRs?.[0] ?? null,
    ready: ready?.status === 'True',
    notReady:
      ready && ready.status !== 'True'
        ? [ready.reason, ready.message].filter(Boolean).join(': ') || null
        : ready
          ? null
          : 'no Ready condition yet',
  };
}

export async function getNode(client: ClusterClient, name: string): Promise<NodeSummary> {
  return summarize(await client.get<NodeJson>(`/api/v1/nodes/${encodeURIComponent(name)}`));
}

export interface NodeList {
  nodes: NodeSummary[];
  /** Whether the controller-manager hands out pod CIDRs (--allocate-node-cidrs): every node has one. */
  podCidrsAllocated: boolean;
}

export async function listNodes(client: ClusterClient): Promise<NodeList> {
  const list = await client.get<{ items: NodeJson[] }>('/api/v1/nodes');
  const nodes = list.items.map(summarize);
  return { nodes, podCidrsAllocated: nodes.length > 0 && nodes.every((n) => n.podCidr !== null) };
}
