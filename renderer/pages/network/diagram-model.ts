/**
 * The cluster as WinJoin sees it, as data for the Network page's picture and
 * its text alternative: the control plane, the nodes the connection test
 * listed with their pod ranges, this Windows node with the range it will
 * get, the service range and the network plug-in. Pure, so it is tested
 * without a browser and the picture and the text never disagree.
 */
import type { RecipeId, Topology } from '../../../shared/answers.js';
import type { ClusterProbe } from './cluster-hints.js';

export interface DiagramNode {
  name: string;
  os: string;
  /** The node's pod range, or null when the controller has not given it one. */
  podCidr: string | null;
  ready: boolean;
}

export interface DiagramModel {
  /** The API server as the kubeconfig names it, or null before a kubeconfig is chosen. */
  server: string | null;
  nodes: DiagramNode[];
  /** This Windows node: its name as it will register (empty: the host name) and where its pod range comes from. */
  windows: { name: string; podRange: 'controller' | 'calico'; clusterCidr: string };
  serviceCidr: string;
  topology: Topology;
  /** Nodes beyond what the picture draws (it shows at most MAX_DRAWN). */
  hidden: number;
}

export const MAX_DRAWN_NODES = 4;

export function diagramModel(input: {
  recipe: RecipeId;
  probe: ClusterProbe | null;
  kubeconfigServer: string | null;
  network: { topology: Topology; clusterCidr: string; serviceCidr: string };
  nodeName: string;
}): DiagramModel {
  const listed = input.probe?.ok ? input.probe.nodes : [];
  const nodes = listed.slice(0, MAX_DRAWN_NODES).map((n) => ({ name: n.name, os: n.os ?? '?', podCidr: n.podCidr, ready: n.ready }));
  return {
    server: input.kubeconfigServer ?? (input.probe?.ok ? input.probe.server : null),
    nodes,
    windows: {
      name: input.nodeName.trim(),
      // docker-sdn's kubelet waits for the controller's range (T14); Calico hands out blocks itself.
      podRange: input.recipe === 'containerd-kubeadm' ? 'calico' : 'controller',
      clusterCidr: input.network.clusterCidr.trim(),
    },
    serviceCidr: input.network.serviceCidr.trim(),
    topology: input.network.topology,
    hidden: Math.max(0, listed.length - nodes.length),
  };
}
