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
type Fix = (client: ClusterClient, report: ClusterPrereqReport) => Promise<void>;

const FIXES: Partial<Record<ClusterCheckId, Fix>> = {
  async 'kube-proxy-windows'(client, { facts }) {
    const manifest = kubeProxyWindowsDaemonSet(facts.serverVersion!);
    const existing = await getOrNull(client, KUBE_PROXY_WINDOWS_PATH);
    if (!existing) await client.send('POST', `/apis/apps/v1/namespaces/${KUBE_PROXY_WINDOWS.namespace}/daemonsets`, manifest);
    else
      await client.send('PUT', KUBE_PROXY_WINDOWS_PATH, {
        ...manifest,
        metadata: { ...manifest.metadata, resourceVersion: existing.metadata?.resourceVersion },
      });
  },
  async 'calico-installation'(client, { facts }) {
    const installation = structuredClone(facts.installation) as Obj;
    installation.spec ??= {};
    installation.spec.calicoNetwork = { ...installation.spec.calicoNetwork, windowsDataplane: 'HNS', bgp: 'Disabled' };
    installation.spec.serviceCIDRs = [facts.serviceSubnet!];
    await client.send('PUT', CALICO_PATHS.installation, installation);
  },
  async 'calico-ippool'(client, { facts }) {
    for (const pool of facts.ippools) {
      if ((pool.spec?.ipipMode ?? 'Never') === 'Never' && pool.spec?.vxlanMode === 'Always') continue;
      const changed = { ...pool, spec: { ...pool.spec, ipipMode: 'Never', vxlanMode: 'Always' } };
      await client.send('PUT', `${CALICO_PATHS.ippools}/${encodeURIComponent(pool.metadata.name)}`, changed);
    }
  },
  async 'calico-strict-affinity'(client, { facts }) {
    if (facts.ipamConfig)
      await client.send('PUT', CALICO_PATHS.ipamConfig, { ...facts.ipamConfig, spec: { ...facts.ipamConfig.spec, strictAffinity: true } });
    else
      await client.send('POST', '/apis/crd.projectcalico.org/v1/ipamconfigs', {
        apiVersion: 'crd.projectcalico.org/v1',
        kind: 'IPAMConfig',
        metadata: { name: 'default' },
        spec: { strictAffinity: true, autoAllocateBlocks: true },
      });
  },
  async 'calico-services-endpoint'(client, { facts }) {
    const data = { KUBERNETES_SERVICE_HOST: facts.apiServer.host, KUBERNETES_SERVICE_PORT: facts.apiServer.port };
    const existing = await getOrNull(client, CALICO_PATHS.servicesEndpoint);
    if (existing) await client.send('PUT', CALICO_PATHS.servicesEndpoint, { ...existing, data });
    else
      await client.send('POST', '/api/v1/namespaces/tigera-operator/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kubernetes-services-endpoint', namespace: 'tigera-operator' },
        data,
      });
  },
};

/** The checks WinJoin would change with consent, for the wizard to list before asking. */
export function pendingFixes(report: ClusterPrereqReport): ClusterCheckId[] {
  return report.results.filter((r) => r.status === 'fail' && r.fixable && FIXES[r.id]).map((r) => r.id);
}

/** Without consent nothing is changed (the failed checks then stop the join); returns what was applied. */
export async function applyClusterFixes(client: ClusterClient, report: ClusterPrereqReport, consent: boolean): Promise<ClusterCheckId[]> {
  if (!consent) return [];
  const pending = pendingFixes(report);
  for (const id of pending) await FIXES[id]!(client, report);
  return pending;
}
