/**
 * The simulated Tigera operator's one duty a Windows join depends on: it runs
 * the calico-node-windows DaemonSet while the Installation asks for the HNS
 * dataplane, and removes it when it no longer does. So a cluster fixed
 * through the API (the wizard's Apply, or consent in the answers) gets its
 * Windows node agent as a real one would, instead of staying broken.
 */
import type { ClusterState } from './cluster-model.js';
import { addObject, calicoNodeWindowsDaemonSet } from './kubeadm-world.js';

type Obj = { metadata?: { name?: string; namespace?: string }; spec?: { calicoNetwork?: { windowsDataplane?: string } } };

export function reconcileCalicoOperator(state: ClusterState): void {
  if (state.recipe !== 'containerd-kubeadm' || !state.objects) return;
  const installation = (state.objects['operator.tigera.io/v1/installations'] as Obj[] | undefined)?.find(
    (i) => i.metadata?.name === 'default',
  );
  if (!installation) return;
  const wanted = installation.spec?.calicoNetwork?.windowsDataplane === 'HNS';
  const daemonSets = (state.objects['apps/v1/daemonsets'] ?? []) as Obj[];
  const isAgent = (ds: Obj) => ds.metadata?.namespace === 'calico-system' && ds.metadata?.name === 'calico-node-windows';
  const present = daemonSets.some(isAgent);
  if (wanted && !present) addObject(state, 'daemonsets', 'calico-system', calicoNodeWindowsDaemonSet(), 'apps');
  if (!wanted && present) state.objects['apps/v1/daemonsets'] = daemonSets.filter((ds) => !isAgent(ds)) as (typeof state.objects)[string];
}
