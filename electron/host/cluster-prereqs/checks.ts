/**
 * The cluster side of a containerd-kubeadm join, checked through the API with
 * the user's kubeconfig (never over SSH) before the Windows machine changes
 * (windows-join-modern.md §6). Each check says what it found and whether
 * WinJoin can fix it; fixes run only with the user's consent (apply.ts).
 */
import { parse as parseYaml } from 'yaml';
import type { ClusterCheckId, ClusterCheckResult } from '../../../shared/cluster-checks.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import { decideVersions } from '../kubernetes/recipe-policy.js';
import { parseKubeVersion } from '../kubernetes/version.js';
import { KUBE_PROXY_WINDOWS, kubeProxyWindowsImage } from './kube-proxy-windows.js';

// Objects of several API kinds (Calico CRDs have no types here), read field by field with optional chaining.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export const CALICO_PATHS = {
  installation: '/apis/operator.tigera.io/v1/installations/default',
  ippools: '/apis/crd.projectcalico.org/v1/ippools',
  ipamConfig: '/apis/crd.projectcalico.org/v1/ipamconfigs/default',
  servicesEndpoint: '/api/v1/namespaces/tigera-operator/configmaps/kubernetes-services-endpoint',
} as const;
export const KUBE_PROXY_WINDOWS_PATH = `/apis/apps/v1/namespaces/${KUBE_PROXY_WINDOWS.namespace}/daemonsets/${KUBE_PROXY_WINDOWS.name}`;
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS = [
  'kubeadm:kubelet-bootstrap',
  'kubeadm:node-autoapprove-bootstrap',
  'kubeadm:node-autoapprove-certificate-rotation',
] as const;
/** Namespaces whose DaemonSets run HostProcess pods on the Windows node. */
export const HOSTPROCESS_NAMESPACES = ['kube-system', 'calico-system'] as const;

export interface ClusterFacts {
  serverVersion: string | null;
  /** kubeadm-config's networking.serviceSubnet (what Calico's serviceCIDRs must equal). */
  serviceSubnet: string | null;
  /** host and port of the real API server, for kubernetes-services-endpoint. */
  apiServer: { host: string; port: string };
  ippools: Obj[];
  installation: Obj | null;
  ipamConfig: Obj | null;
}

export interface ClusterPrereqReport {
  results: ClusterCheckResult[];
  facts: ClusterFacts;
}

/** GET that answers null for 404 (absent) and rethrows anything else. */
export async function getOrNull<T = Obj>(client: ClusterClient, path: string): Promise<T | null> {
  try {
    return await client.get<T>(path);
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 404) return null;
    throw error;
  }
}

function result(
  id: ClusterCheckId,
  status: ClusterCheckResult['status'],
  detail: string,
  params: Record<string, string> = {},
  fixable = false,
): ClusterCheckResult {
  return { id, status, detailKey: `clusterChecks.${id}.${detail}`, params, fixable };
}

/** A check whose reads the kubeconfig is not allowed to make is a warning that says so, not a crash. */
async function guarded(id: ClusterCheckId, run: () => Promise<ClusterCheckResult>): Promise<ClusterCheckResult> {
  try {
    return await run();
  } catch (error) {
    const status = error instanceof ApiStatusError ? String(error.status) : 'network';
    return result(id, 'warn', 'unreadable', { status });
  }
}

/**
 * Beyond this the node's view of certificate validity differs from the
 * cluster's by more than the 5 minutes kube-controller-manager backdates the
 * certificates it signs: "x509: certificate has expired or is not yet valid"
 * (reference T21). Kerberos on a domain-joined server allows the same 5 minutes.
 */
export const CLOCK_SKEW_FAIL_MS = 5 * 60_000;
/** The Date header has whole seconds and the answer takes time to arrive: less than this is noise. */
export const CLOCK_SKEW_WARN_MS = 30_000;

/** This machine is the node: its clock against the API server's, from the Date of the answer before (GET /version). */
function clockSkewCheck(client: ClusterClient): ClusterCheckResult {
  const clock = client.serverClock?.() ?? null;
  if (!clock) return result('clock-skew', 'warn', 'unknown');
  const skewMs = clock.localMs - clock.serverMs;
  const params = { seconds: String(Math.round(Math.abs(skewMs) / 1000)) };
  const detail = skewMs > 0 ? 'ahead' : 'behind';
  if (Math.abs(skewMs) > CLOCK_SKEW_FAIL_MS) return result('clock-skew', 'fail', detail, params);
  if (Math.abs(skewMs) > CLOCK_SKEW_WARN_MS) return result('clock-skew', 'warn', detail, params);
  return result('clock-skew', 'pass', 'inSync', params);
}

/** kubeadm-config's networking (the first range of a dual-stack pair): the cluster's own pod and service ranges. */
export function kubeadmNetworkingOf(kubeadmConfig: Obj | null): { podSubnet: string | null; serviceSubnet: string | null } {
  const text = kubeadmConfig?.data?.ClusterConfiguration;
  const first = (value: unknown) => (typeof value === 'string' ? value.split(',')[0]!.trim() : null);
  if (typeof text !== 'string') return { podSubnet: null, serviceSubnet: null };
  try {
    const networking = (parseYaml(text) as Obj | null)?.networking;
    return { podSubnet: first(networking?.podSubnet), serviceSubnet: first(networking?.serviceSubnet) };
  } catch {
    return { podSubnet: null, serviceSubnet: null };
  }
}

function serviceSubnetOf(kubeadmConfig: Obj | null): string | null {
  return kubeadmNetworkingOf(kubeadmConfig).serviceSubnet;
}

export async function checkClusterPrerequisites(options: {
  client: ClusterClient;
  /** Reads cluster-info without credentials; rejects when anonymous access is refused. */
  readClusterInfoAnonymously: () => Promise<unknown>;
  apiServer: { host: string; port: string };
  requestedVersion: string;
}): Promise<ClusterPrereqReport> {
  const { client } = options;
  const results: ClusterCheckResult[] = [];
  const facts: ClusterFacts = {
    serverVersion: null,
    serviceSubnet: null,
    apiServer: options.apiServer,
    ippools: [],
    installation: null,
    ipamConfig: null,
  };

  results.push(
    await guarded('server-version', async () => {
      const version = await client.get<{ gitVersion: string }>('/version');
      const decision = decideVersions({
        recipe: 'containerd-kubeadm',
        requested: options.requestedVersion,
        serverGitVersion: version.gitVersion,
      });
      facts.serverVersion = decision.version;
      const refusal = decision.problems.find((p) => p.severity === 'error');
      if (refusal) return result('server-version', 'fail', 'refused', { server: version.gitVersion, policy: refusal.key });
      return result('server-version', 'pass', 'found', { server: version.gitVersion, node: decision.version ?? '' });
    }),
  );

  results.push(clockSkewCheck(client));

  results.push(
    await guarded('kubeadm-configmaps', async () => {
      const kubeadmConfig = await getOrNull(client, '/api/v1/namespaces/kube-system/configmaps/kubeadm-config');
      const kubeletConfig = await getOrNull(client, '/api/v1/namespaces/kube-system/configmaps/kubelet-config');
      facts.serviceSubnet = serviceSubnetOf(kubeadmConfig);
      const missing = [kubeadmConfig ? null : 'kubeadm-config', kubeletConfig ? null : 'kubelet-config'].filter(Boolean).join(', ');
      return missing ? result('kubeadm-configmaps', 'fail', 'missing', { missing }) : result('kubeadm-configmaps', 'pass', 'found');
    }),
  );

  results.push(
    await guarded('cluster-info-anonymous', async () => {
      try {
        await options.readClusterInfoAnonymously();
        return result('cluster-info-anonymous', 'pass', 'found');
      } catch (error) {
        return result('cluster-info-anonymous', 'fail', 'refused', { reason: (error as Error).message });
      }
    }),
  );

  results.push(
    await guarded('bootstrap-rbac', async () => {
      const missing: string[] = [];
      for (const name of BOOTSTRAP_CLUSTER_ROLE_BINDINGS)
        if (!(await getOrNull(client, `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${encodeURIComponent(name)}`)))
          missing.push(name);
      return missing.length
        ? result('bootstrap-rbac', 'fail', 'missing', { missing: missing.join(', ') })
        : result('bootstrap-rbac', 'pass', 'found');
    }),
  );

  results.push(
    await guarded('kube-proxy-config', async () => {
      const cm = await getOrNull(client, '/api/v1/namespaces/kube-system/configmaps/kube-proxy');
      const sa = await getOrNull(client, '/api/v1/namespaces/kube-system/serviceaccounts/kube-proxy');
      const missing = [cm ? null : 'ConfigMap kube-system/kube-proxy', sa ? null : 'ServiceAccount kube-system/kube-proxy']
        .filter(Boolean)
        .join(', ');
      return missing ? result('kube-proxy-config', 'fail', 'missing', { missing }) : result('kube-proxy-config', 'pass', 'found');
    }),
  );

  results.push(
    await guarded('kube-proxy-windows', async () => {
      const wanted = facts.serverVersion ? kubeProxyWindowsImage(facts.serverVersion) : null;
      const ds = await getOrNull(client, KUBE_PROXY_WINDOWS_PATH);
      if (!wanted) return result('kube-proxy-windows', 'warn', 'noVersion');
      if (!ds) return result('kube-proxy-windows', 'fail', 'missing', { image: wanted }, true);
      const image: string = ds.spec?.template?.spec?.containers?.[0]?.image ?? '';
      return image === wanted
        ? result('kube-proxy-windows', 'pass', 'found', { image })
        : result('kube-proxy-windows', 'fail', 'wrongImage', { image, wanted }, true);
    }),
  );

  const flannel = await guarded('cluster-cni-flannel', async () => {
    const traces = [
      '/apis/apps/v1/namespaces/kube-flannel/daemonsets/kube-flannel-ds',
      '/api/v1/namespaces/kube-flannel/configmaps/kube-flannel-cfg',
      '/api/v1/namespaces/kube-system/configmaps/kube-flannel-cfg',
    ];
    for (const path of traces) if (await getOrNull(client, path)) return result('cluster-cni-flannel', 'fail', 'found', { object: path });
    return result('cluster-cni-flannel', 'pass', 'absent');
  });
  results.push(flannel);

  results.push(
    await guarded('calico-installation', async () => {
      const installation = await getOrNull(client, CALICO_PATHS.installation);
      facts.installation = installation;
      if (!installation) return result('calico-installation', 'fail', 'missing');
      const network = installation.spec?.calicoNetwork ?? {};
      const cidrs: string[] = installation.spec?.serviceCIDRs ?? [];
      const problems: string[] = [];
      if (network.windowsDataplane !== 'HNS') problems.push('calicoNetwork.windowsDataplane: HNS');
      if (!facts.serviceSubnet || !cidrs.includes(facts.serviceSubnet)) problems.push(`serviceCIDRs: [${facts.serviceSubnet ?? '?'}]`);
      if (network.bgp !== 'Disabled') problems.push('calicoNetwork.bgp: Disabled');
      return problems.length
        ? result('calico-installation', 'fail', 'settings', { missing: problems.join(', ') }, facts.serviceSubnet !== null)
        : result('calico-installation', 'pass', 'found');
    }),
  );

  results.push(
    await guarded('calico-ippool', async () => {
      const list = await getOrNull<{ items?: Obj[] }>(client, CALICO_PATHS.ippools);
      facts.ippools = list?.items ?? [];
      if (!facts.ippools.length) return result('calico-ippool', 'fail', 'missing');
      const wrong = facts.ippools.filter((p) => (p.spec?.ipipMode ?? 'Never') !== 'Never' || p.spec?.vxlanMode !== 'Always');
      return wrong.length
        ? result('calico-ippool', 'fail', 'ipip', { pools: wrong.map((p) => p.metadata?.name).join(', ') }, true)
        : result('calico-ippool', 'pass', 'found');
    }),
  );

  results.push(
    await guarded('calico-strict-affinity', async () => {
      facts.ipamConfig = await getOrNull(client, CALICO_PATHS.ipamConfig);
      return facts.ipamConfig?.spec?.strictAffinity === true
        ? result('calico-strict-affinity', 'pass', 'found')
        : result('calico-strict-affinity', 'fail', 'off', {}, true);
    }),
  );

  results.push(
    await guarded('calico-services-endpoint', async () => {
      const cm = await getOrNull(client, CALICO_PATHS.servicesEndpoint);
      const { host, port } = options.apiServer;
      if (cm?.data?.KUBERNETES_SERVICE_HOST === host && cm?.data?.KUBERNETES_SERVICE_PORT === port)
        return result('calico-services-endpoint', 'pass', 'found', { host, port });
      return result('calico-services-endpoint', 'fail', cm ? 'different' : 'missing', { host, port }, true);
    }),
  );

  results.push(
    await guarded('pod-security', async () => {
      const strict: string[] = [];
      for (const ns of HOSTPROCESS_NAMESPACES) {
        const namespace = await getOrNull(client, `/api/v1/namespaces/${ns}`);
        const level = namespace?.metadata?.labels?.['pod-security.kubernetes.io/enforce'];
        if (level === 'baseline' || level === 'restricted') strict.push(`${ns} (${level})`);
      }
      return strict.length
        ? result('pod-security', 'fail', 'enforced', { namespaces: strict.join(', ') })
        : result('pod-security', 'pass', 'privileged');
    }),
  );

  // A Flannel cluster makes every Calico finding moot: report Flannel alone, the Calico rows as not applicable.
  if (flannel.status === 'fail')
    for (const r of results)
      if (r.id.startsWith('calico-'))
        Object.assign(r, { status: 'warn', detailKey: `clusterChecks.${r.id}.notApplicable`, fixable: false, params: {} });
  return { results, facts };
}

export function serverVersionOf(report: ClusterPrereqReport): string | null {
  return report.facts.serverVersion && parseKubeVersion(report.facts.serverVersion) ? report.facts.serverVersion : null;
}
