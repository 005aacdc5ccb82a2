/**
 * Ids of the cluster-side prerequisite checks of a containerd-kubeadm join
 * (windows-join-modern.md §6), run through the API before the Windows machine
 * changes. The UI shows clusterChecks.<id>.title and .fix; known problems key
 * on some of them (shared/known-problems/check-ids.ts). Never renamed.
 */
export const CLUSTER_CHECK_IDS = [
  'server-version',
  'clock-skew',
  'kubeadm-configmaps',
  'cluster-info-anonymous',
  'bootstrap-rbac',
  'kube-proxy-config',
  'kube-proxy-windows',
  'cluster-cni-flannel',
  'calico-installation',
  'calico-ippool',
  'calico-strict-affinity',
  'calico-services-endpoint',
  'pod-security',
] as const;

export type ClusterCheckId = (typeof CLUSTER_CHECK_IDS)[number];

export interface ClusterCheckResult {
  id: ClusterCheckId;
  status: 'pass' | 'warn' | 'fail';
  /** i18n key of what was found (clusterChecks.<id>.<detail>), with its values. */
  detailKey: string;
  params: Record<string, string>;
  /** WinJoin can fix it through the API once the user agreed (cluster.applyPrerequisites). */
  fixable: boolean;
}

export function clusterCheckKeys(id: ClusterCheckId): { title: string; fix: string } {
  return { title: `clusterChecks.${id}.title`, fix: `clusterChecks.${id}.fix` };
}
