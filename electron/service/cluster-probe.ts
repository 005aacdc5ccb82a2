/**
 * The Cluster access page's connection test: reach the API server the
 * kubeconfig names under the same proxy rules the join uses, and read what
 * the join needs from it (server version, nodes and their pod CIDRs, the
 * kube-dns address), plus the node version the skew policy recommends.
 */
import type { z } from 'zod';
import { toErrorShape } from '../../shared/errors.js';
import type { ClusterProbeSchema } from '../../shared/ipc/contract.js';
import { clusterAccess } from '../host/cluster/access.js';
import { kubeDnsServiceIp, serverVersion } from '../host/cluster/api.js';
import { createClusterClient } from '../host/cluster/client.js';
import { listNodes } from '../host/cluster/nodes.js';
import { recipeChoice } from '../host/kubernetes/recipe-policy.js';
import { chooseNodeVersion } from '../host/kubernetes/version.js';
import type { ProxySettings } from '../host/net/proxy-route.js';

export type ClusterProbe = z.output<typeof ClusterProbeSchema>;

export async function probeCluster(
  kubeconfigPath: string,
  context: string | undefined,
  proxy: ProxySettings | null,
): Promise<ClusterProbe> {
  const result: ClusterProbe = {
    ok: false,
    server: null,
    serverVersion: null,
    nodes: [],
    podCidrsAllocated: null,
    dnsServiceIp: null,
    recommendedVersion: null,
    proposedRecipe: null,
    recipes: [],
    error: null,
  };
  try {
    const access = clusterAccess(kubeconfigPath, context);
    result.server = access.server;
    const client = await createClusterClient(access, { proxy, timeoutMs: 10_000 });
    const version = await serverVersion(client);
    result.serverVersion = version.gitVersion;
    result.recommendedVersion = chooseNodeVersion(version.gitVersion).version;
    const choice = recipeChoice(version.gitVersion);
    result.proposedRecipe = choice.proposed;
    result.recipes = choice.recipes;
    // What follows needs list rights a restricted kubeconfig may lack; the connection itself already succeeded.
    try {
      const list = await listNodes(client);
      result.nodes = list.nodes.map((n) => ({ name: n.name, os: n.os, podCidr: n.podCidr, ready: n.ready }));
      result.podCidrsAllocated = list.podCidrsAllocated;
      result.dnsServiceIp = await kubeDnsServiceIp(client);
    } catch {
      // Reported as unknown (null), not as a failed connection.
    }
    result.ok = true;
  } catch (error) {
    result.error = toErrorShape(error);
  }
  return result;
}
