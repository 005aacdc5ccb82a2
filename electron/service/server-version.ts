/**
 * What planning asks the cluster before a containerd-kubeadm plan exists:
 * under `kubernetesVersion: match-cluster` the kubelet is the API server's
 * exact version (recipe-policy.ts), so the plan reads GET /version with the
 * answers' kubeconfig. Other answers plan without the network.
 */
import type { Answers } from '../../shared/answers.js';
import { clusterAccess } from '../host/cluster/access.js';
import { createClusterClient } from '../host/cluster/client.js';
import { downloadSettingsOf } from '../join/planner.js';
import type { RecipeContext } from '../join/types.js';

export function needsServerVersion(answers: Answers): boolean {
  return answers.recipe === 'containerd-kubeadm' && answers.kubernetesVersion === 'match-cluster';
}

/** The planning context with the server's gitVersion when the answers need it; unreachable clusters fail as E_CLUSTER_UNREACHABLE. */
export async function planningContext(answers: Answers): Promise<Pick<RecipeContext, 'cluster'>> {
  if (!needsServerVersion(answers)) return {};
  const settings = downloadSettingsOf(answers);
  const client = await createClusterClient(clusterAccess(answers.cluster.kubeconfigPath, answers.cluster.context), {
    proxy: settings.proxy,
    extraCaFile: settings.extraCaFile,
  });
  try {
    const version = await client.get<{ gitVersion?: unknown }>('/version');
    return typeof version.gitVersion === 'string' ? { cluster: { serverGitVersion: version.gitVersion } } : {};
  } finally {
    await client.close();
  }
}
