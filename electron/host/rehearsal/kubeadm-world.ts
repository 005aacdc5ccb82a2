/**
 * The simulated cluster of a containerd-kubeadm rehearsal: a current kubeadm
 * control plane with Calico installed by the Tigera operator and prepared for
 * Windows nodes (windows-join-modern.md §6): kubeadm's ConfigMaps, the
 * anonymous cluster-info, the bootstrap RBAC bindings, kube-proxy's ConfigMap
 * and ServiceAccount, Calico's Installation, IP pool, IPAM config and
 * kubernetes-services-endpoint, namespaces that allow HostProcess pods. What
 * WinJoin itself applies (kube-proxy-windows) is left for it to apply.
 * Scenario faults take one setting away or add a stale token.
 */
import { createHash } from 'node:crypto';
import { clusterInfoKubeconfig } from '../bootstrap/signer.js';
import { bootstrapTokenSecret, KUBEADM_NODE_BOOTSTRAP_GROUP } from '../bootstrap/token.js';
import type { ClusterState, KubeObject } from './cluster-model.js';
import { newMeta } from './cluster-controller.js';
import { createObject, GENERIC_RESOURCES } from './cluster-resources.js';
import type { FaultSwitches } from './scenarios.js';

/** The API server version of the containerd-kubeadm world: match-cluster resolves the kubelet to it. */
export const KUBEADM_WORLD_SERVER_VERSION = 'v1.35.1';

/** The expired join token of scenario expired-token: its Secret is seeded with an expiration in the past. */
export const EXPIRED_JOIN_TOKEN = { id: 'r7e2x1', secret: 'k4m8q2w6z0c3v5b9' } as const;

/** A pin of a key that is not the rehearsal CA's (scenario wrong-ca-hash). */
export const WRONG_CA_CERT_HASH = `sha256:${createHash('sha256').update('winjoin rehearsal: a CA this cluster does not have').digest('hex')}`;

export interface KubeadmWorldOptions {
  /** The API server's gitVersion (KUBEADM_WORLD_SERVER_VERSION unless the rehearsal asks for another). */
  serverVersion: string;
  caPem: string;
  /** The real API server the node talks to: 192.0.2.10:6443. */
  apiServer: { host: string; port: number };
  clusterCidr: string;
  serviceCidr: string;
  dnsServiceIp: string;
  faults: FaultSwitches;
}

function add(state: ClusterState, plural: string, namespace: string, body: Record<string, unknown>, group = ''): KubeObject {
  const type = GENERIC_RESOURCES.find((r) => r.plural === plural && r.group === group)!;
  return createObject(state, type, namespace, body);
}

function yamlLines(lines: string[]): string {
  return lines.join('\n') + '\n';
}

function kubeadmConfigMaps(state: ClusterState, o: KubeadmWorldOptions): void {
  const endpoint = `${o.apiServer.host}:${o.apiServer.port}`;
  add(state, 'configmaps', 'kube-system', {
    metadata: { name: 'kubeadm-config' },
    data: {
      ClusterConfiguration: yamlLines([
        'apiServer: {}',
        'apiVersion: kubeadm.k8s.io/v1beta4',
        'caCertificateValidityPeriod: 87600h0m0s',
        'certificateValidityPeriod: 8760h0m0s',
        'certificatesDir: /etc/kubernetes/pki',
        'clusterName: kubernetes',
        `controlPlaneEndpoint: ${endpoint}`,
        'controllerManager: {}',
        'dns: {}',
        'etcd:',
        '  local:',
        '    dataDir: /var/lib/etcd',
        'imageRepository: registry.k8s.io',
        'kind: ClusterConfiguration',
        `kubernetesVersion: ${o.serverVersion}`,
        'networking:',
        '  dnsDomain: cluster.local',
        `  podSubnet: ${o.clusterCidr}`,
        `  serviceSubnet: ${o.serviceCidr}`,
        'scheduler: {}',
      ]),
    },
  });
  add(state, 'configmaps', 'kube-system', {
    metadata: { name: 'kubelet-config' },
    data: {
      kubelet: yamlLines([
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'authentication:',
        '  anonymous:',
        '    enabled: false',
        '  webhook:',
        '    enabled: true',
        '  x509:',
        '    clientCAFile: /etc/kubernetes/pki/ca.crt',
        'authorization:',
        '  mode: Webhook',
        'cgroupDriver: systemd',
        'clusterDNS:',
        `- ${o.dnsServiceIp}`,
        'clusterDomain: cluster.local',
        'kind: KubeletConfiguration',
        'rotateCertificates: true',
        'staticPodPath: /etc/kubernetes/manifests',
      ]),
    },
  });
  add(state, 'configmaps', 'kube-system', {
    metadata: { name: 'kube-proxy', labels: { app: 'kube-proxy' } },
    data: {
      'config.conf': yamlLines([
        'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
        'clientConnection:',
        '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf',
        `clusterCIDR: ${o.clusterCidr}`,
        'kind: KubeProxyConfiguration',
        'mode: iptables',
      ]),
      'kubeconfig.conf': yamlLines([
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- cluster:',
        '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
        `    server: https://${endpoint}`,
        '  name: default',
        'contexts:',
        '- context:',
        '    cluster: default',
        '    namespace: default',
        '    user: default',
        '  name: default',
        'current-context: default',
        'users:',
        '- name: default',
        '  user:',
        '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token',
      ]),
    },
  });
  add(state, 'serviceaccounts', 'kube-system', { metadata: { name: 'kube-proxy' } });
  // Served with one signature per live signing token, computed on read (cluster-server.ts), as the bootstrap signer keeps it.
  add(state, 'configmaps', 'kube-public', {
    metadata: { name: 'cluster-info' },
    data: { kubeconfig: clusterInfoKubeconfig(`https://${endpoint}`, o.caPem) },
  });
}

function bootstrapRbac(state: ClusterState): void {
  const binding = (name: string, role: string, subject: { kind: string; name: string; namespace?: string }) =>
    add(
      state,
      'clusterrolebindings',
      '',
      {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ apiGroup: subject.kind === 'ServiceAccount' ? undefined : 'rbac.authorization.k8s.io', ...subject }],
      },
      'rbac.authorization.k8s.io',
    );
  binding('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', { kind: 'Group', name: KUBEADM_NODE_BOOTSTRAP_GROUP });
  binding('kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', {
    kind: 'Group',
    name: KUBEADM_NODE_BOOTSTRAP_GROUP,
  });
  binding('kubeadm:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', {
    kind: 'Group',
    name: 'system:nodes',
  });
  binding('kubeadm:get-nodes', 'kubeadm:get-nodes', { kind: 'Group', name: KUBEADM_NODE_BOOTSTRAP_GROUP });
  binding('kubeadm:node-proxier', 'system:node-proxier', { kind: 'ServiceAccount', name: 'kube-proxy', namespace: 'kube-system' });
}

function namespaces(state: ClusterState): void {
  // Calico's namespaces run privileged (HostProcess) pods; kube-system carries no Pod Security label, as kubeadm leaves it.
  const privileged = { 'pod-security.kubernetes.io/enforce': 'privileged' };
  for (const [name, labels] of [
    ['default', {}],
    ['kube-system', {}],
    ['kube-public', {}],
    ['kube-node-lease', {}],
    ['tigera-operator', privileged],
    ['calico-system', privileged],
  ] as const)
    add(state, 'namespaces', '', {
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
}

function daemonSet(name: string, namespace: string, os: 'linux' | 'windows', image: string, labels: Record<string, string>) {
  return {
    metadata: { name, namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/os': os },
          hostNetwork: true,
          ...(os === 'windows'
            ? { securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\system' } } }
            : {}),
          tolerations: [{ operator: 'Exists' }],
          containers: [{ name: name.replace(/-windows$/, ''), image }],
        },
      },
    },
  };
}

function calico(state: ClusterState, o: KubeadmWorldOptions): void {
  const calicoNetwork: Record<string, unknown> = {
    bgp: 'Disabled',
    ipPools: [{ name: 'default-ipv4-ippool', cidr: o.clusterCidr, encapsulation: 'VXLAN', natOutgoing: 'Enabled', blockSize: 26 }],
  };
  if (o.faults.calicoWindowsDataplane) calicoNetwork.windowsDataplane = 'HNS';
  add(
    state,
    'installations',
    '',
    {
      metadata: { name: 'default' },
      spec: { calicoNetwork, ...(o.faults.calicoWindowsDataplane ? { serviceCIDRs: [o.serviceCidr] } : {}), variant: 'Calico' },
      status: { variant: 'Calico', calicoVersion: 'v3.31.3' },
    },
    'operator.tigera.io',
  );
  add(
    state,
    'ippools',
    '',
    {
      metadata: { name: 'default-ipv4-ippool' },
      spec: { cidr: o.clusterCidr, blockSize: 26, ipipMode: 'Never', vxlanMode: 'Always', natOutgoing: true, nodeSelector: 'all()' },
    },
    'crd.projectcalico.org',
  );
  add(
    state,
    'ipamconfigs',
    '',
    { metadata: { name: 'default' }, spec: { strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 0 } },
    'crd.projectcalico.org',
  );
  add(state, 'configmaps', 'tigera-operator', {
    metadata: { name: 'kubernetes-services-endpoint' },
    data: { KUBERNETES_SERVICE_HOST: o.apiServer.host, KUBERNETES_SERVICE_PORT: String(o.apiServer.port) },
  });
  add(
    state,
    'daemonsets',
    'calico-system',
    daemonSet('calico-node', 'calico-system', 'linux', 'quay.io/calico/node:v3.31.3', { 'k8s-app': 'calico-node' }),
    'apps',
  );
  // The operator deploys the Windows node agent only for an Installation with the HNS dataplane (calico-operator.ts).
  if (o.faults.calicoWindowsDataplane) add(state, 'daemonsets', 'calico-system', calicoNodeWindowsDaemonSet(), 'apps');
}

/** The DaemonSet the Tigera operator runs for Windows nodes. */
export function calicoNodeWindowsDaemonSet(): Record<string, unknown> {
  return daemonSet('calico-node-windows', 'calico-system', 'windows', 'quay.io/calico/node-windows:v3.31.3', {
    'k8s-app': 'calico-node-windows',
  });
}

/**
 * CoreDNS as kubeadm deploys it: two replicas on the control plane behind the
 * kube-dns Service (selector k8s-app=kube-dns), so its ClusterIP has endpoints.
 * The control plane's own kubelet runs them; the rehearsal has none, so they
 * are seeded Running, as the master node is seeded Ready.
 */
function coreDns(state: ClusterState): void {
  const selector = { 'k8s-app': 'kube-dns' };
  const kubeDns = state.services.find((s) => s.metadata.namespace === 'kube-system' && s.metadata.name === 'kube-dns');
  if (kubeDns) kubeDns.spec.selector = selector;
  const master = state.nodes[0];
  if (!master) return;
  const prefix = (master.spec.podCIDR ?? '').split('/')[0]!.split('.').slice(0, 3).join('.');
  const hostIP = master.status.addresses?.find((a) => a.type === 'InternalIP')?.address;
  for (const [i, suffix] of ['7db6d8ff4d-5xk2p', '7db6d8ff4d-q9m4w'].entries())
    state.pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...newMeta(state, `coredns-${suffix}`, 'kube-system', selector), namespace: 'kube-system' },
      spec: {
        nodeName: master.metadata.name,
        containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.12.1', ports: [{ containerPort: 53 }] }],
      },
      status: { phase: 'Running', podIP: `${prefix}.${i + 2}`, hostIP, conditions: [{ type: 'Ready', status: 'True' }] },
    });
}

/** Adds a typed object through the generic resources, as the API server would store it. */
export function addObject(state: ClusterState, plural: string, namespace: string, body: Record<string, unknown>, group = ''): KubeObject {
  return add(state, plural, namespace, body, group);
}

/** Adds the kubeadm and Calico objects to a fresh state (the typed nodes and services are already there). */
export function seedKubeadmWorld(state: ClusterState, o: KubeadmWorldOptions): void {
  state.recipe = 'containerd-kubeadm';
  namespaces(state);
  kubeadmConfigMaps(state, o);
  bootstrapRbac(state);
  add(
    state,
    'daemonsets',
    'kube-system',
    daemonSet('kube-proxy', 'kube-system', 'linux', `registry.k8s.io/kube-proxy:${o.serverVersion}`, {
      'k8s-app': 'kube-proxy',
    }),
    'apps',
  );
  calico(state, o);
  coreDns(state);
  if (o.faults.expiredJoinToken)
    add(
      state,
      'secrets',
      'kube-system',
      bootstrapTokenSecret(EXPIRED_JOIN_TOKEN, new Date(Date.now() - 3 * 3_600_000), 'expired join token'),
    );
}
