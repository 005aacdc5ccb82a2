/** The three network topologies the guide supports, each with a plain explanation (i18n), in the guide's order. */
import { RECIPE_TOPOLOGIES, type Topology } from '../../../shared/answers.js';

import type { RecipeId } from '../../../shared/answers.js';

/** The topologies the recipe can build: docker-sdn's three, containerd-kubeadm's one (shown, with nothing to choose). */
export function topologyChoices(recipe: RecipeId): readonly Topology[] {
  return RECIPE_TOPOLOGIES[recipe];
}

export function topologyKeys(topology: Topology): { label: string; explain: string } {
  return { label: `pages.network.topologies.${topology}.label`, explain: `pages.network.topologies.${topology}.explain` };
}

/** The network fields, in the order the page shows them. */
export const NETWORK_FIELDS = ['masterIp', 'clusterCidr', 'serviceCidr', 'dnsServiceIp', 'interfaceAlias'] as const;
export type NetworkField = (typeof NETWORK_FIELDS)[number];

/** containerd-kubeadm needs no master address: kubeadm finds the API server itself. */
export function networkFields(recipe: RecipeId): readonly NetworkField[] {
  return recipe === 'containerd-kubeadm' ? NETWORK_FIELDS.filter((f) => f !== 'masterIp') : NETWORK_FIELDS;
}
