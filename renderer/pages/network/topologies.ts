/** The three network topologies the guide supports, each with a plain explanation (i18n), in the guide's order. */
import { RECIPE_TOPOLOGIES, type Topology } from '../../../shared/answers.js';

// The page offers docker-sdn's topologies; containerd-kubeadm has exactly one (calico-vxlan) and no choice to make.
export const TOPOLOGY_CHOICES: readonly Topology[] = RECIPE_TOPOLOGIES['docker-sdn'];

export function topologyKeys(topology: Topology): { label: string; explain: string } {
  return { label: `pages.network.topologies.${topology}.label`, explain: `pages.network.topologies.${topology}.explain` };
}

/** The network fields, in the order the page shows them. */
export const NETWORK_FIELDS = ['masterIp', 'clusterCidr', 'serviceCidr', 'dnsServiceIp', 'interfaceAlias'] as const;
export type NetworkField = (typeof NETWORK_FIELDS)[number];
