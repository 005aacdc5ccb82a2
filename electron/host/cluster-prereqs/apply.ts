/**
 * Applies what the cluster checks found missing and WinJoin can fix, only
 * with consent (answers cluster.applyPrerequisites, or the wizard's "apply"),
 * then checks again. Objects are read, changed and written back (PUT with
 * their resourceVersion), so a concurrent edit fails instead of being lost.
 */
import type { ClusterCheckId } from '../../../shared/cluster-checks.js';
import type { ClusterClient } from '../cluster/client.js';
import { CALICO_PATHS, KUBE_PROXY_WINDOWS_PATH, getOrNull, type ClusterPrereqReport } from './checks.js';
import { KUBE_PROXY_WINDOWS, kubeProxyWindowsDaemonSet } from './kube-proxy-windows.js';

// Objects of several API kinds (Calico CRDs have no types here), read field by field with optional chaining.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
/** One request WinJoin would send to fix a check: shown to the user as it is before anything is sent. */
export interface ClusterChange {
  checkId: ClusterCheckId;
  method: 'POST' | 'PUT';
  path: string;
  body: Obj;
}
type Fix = (client: ClusterClient, report: ClusterPrereqReport) => Promise<Omit<ClusterChange, 'checkId'>[]>;

const FIXES: Partial<Record<ClusterCheckId, Fix>> = {
  async 'kube-proxy-windows'(client, { facts }) {
    const manifest = kubeProxyWindowsDaemonSet(facts.serverVersion!);
    const existing = await getOrNull(client, KUBE_PROXY_WINDOWS_PATH);
    if (!existing) return [{ method: 'POST', path: `/apis/apps/v1/namespaces/${KUBE_PROXY_WINDOWS.namespace}/daemonsets`, body: manifest }];
    return [
      {
        method: 'PUT',
        path: KUBE_PROXY_WINDOWS_PATH,
        body: { ...manifest, metadata: { ...manifest.metadata, resourceVersion: existing.metadata?.resourceVersion } },
      },
    ];
  },
  async 'calico-installation'(_client, { facts }) {
    const installation = structuredClone(facts.installation) as Obj;
    installation.spec ??= {};
    installation.spec.calicoNetwork = { ...installation.spec.calicoNetwork, windowsDataplane: 'HNS', bgp: 'Disabled' };
    installation.spec.serviceCIDRs = [facts.serviceSubnet!];
    return [{ method: 'PUT', path: CALICO_PATHS.installation, body: installation }];
  },
  async 'calico-ippool'(_client, { facts }) {
    return facts.ippools
      .filter((pool) => !((pool.spec?.ipipMode ?? 'Never') === 'Never' && pool.spec?.vxlanMode === 'Always'))
      .map((pool) => ({
        method: 'PUT' as const,
        path: `${CALICO_PATHS.ippools}/${encodeURIComponent(pool.metadata.name)}`,
        body: { ...pool, spec: { ...pool.spec, ipipMode: 'Never', vxlanMode: 'Always' } },
      }));
  },
  async 'calico-strict-affinity'(_client, { facts }) {
    if (facts.ipamConfig)
      return [
        {
          method: 'PUT',
          path: CALICO_PATHS.ipamConfig,
          body: { ...facts.ipamConfig, spec: { ...facts.ipamConfig.spec, strictAffinity: true } },
        },
      ];
    return [
      {
        method: 'POST',
        path: '/apis/crd.projectcalico.org/v1/ipamconfigs',
        body: {
          apiVersion: 'crd.projectcalico.org/v1',
          kind: 'IPAMConfig',
          metadata: { name: 'default' },
          spec: { strictAffinity: true, autoAllocateBlocks: true },
        },
      },
    ];
  },
  async 'calico-services-endpoint'(client, { facts }) {
    const data = { KUBERNETES_SERVICE_HOST: facts.apiServer.host, KUBERNETES_SERVICE_PORT: facts.apiServer.port };
    const existing = await getOrNull(client, CALICO_PATHS.servicesEndpoint);
    if (existing) return [{ method: 'PUT', path: CALICO_PATHS.servicesEndpoint, body: { ...existing, data } }];
    return [
      {
        method: 'POST',
        path: '/api/v1/namespaces/tigera-operator/configmaps',
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'kubernetes-services-endpoint', namespace: 'tigera-operator' },
          data,
        },
      },
    ];
  },
};

/** The checks WinJoin would change with consent, for the wizard to list before asking. */
export function pendingFixes(report: ClusterPrereqReport): ClusterCheckId[] {
  return report.results.filter((r) => r.status === 'fail' && r.fixable && FIXES[r.id]).map((r) => r.id);
}

/** The exact requests that would fix the pending checks (or only those named), for the wizard to show before it asks. */
export async function planClusterFixes(
  client: ClusterClient,
  report: ClusterPrereqReport,
  only?: readonly ClusterCheckId[],
): Promise<ClusterChange[]> {
  const changes: ClusterChange[] = [];
  for (const checkId of pendingFixes(report).filter((id) => !only || only.includes(id)))
    for (const change of await FIXES[checkId]!(client, report)) changes.push({ checkId, ...change });
  return changes;
}

/** Sends planned changes in order; returns the checks they fixed. */
export async function applyClusterChanges(client: ClusterClient, changes: readonly ClusterChange[]): Promise<ClusterCheckId[]> {
  for (const change of changes) await client.send(change.method, change.path, change.body);
  return [...new Set(changes.map((c) => c.checkId))];
}

/** Without consent nothing is changed (the failed checks then stop the join); returns what was applied. */
export async function applyClusterFixes(client: ClusterClient, report: ClusterPrereqReport, consent: boolean): Promise<ClusterCheckId[]> {
  if (!consent) return [];
  const pending = pendingFixes(report);
  await applyClusterChanges(client, await planClusterFixes(client, report));
  return pending;
}
