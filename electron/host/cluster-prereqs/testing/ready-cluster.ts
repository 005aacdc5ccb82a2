/**
 * A kubeadm cluster with Calico (Tigera operator) prepared for Windows nodes,
 * as API objects by path: what the cluster-prerequisite tests start from and
 * break one object at a time.
 */
import { CALICO_PATHS, KUBE_PROXY_WINDOWS_PATH } from '../checks.js';
import { kubeProxyWindowsDaemonSet } from '../kube-proxy-windows.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** A kubeadm + Calico (operator) cluster ready for Windows nodes, as objects by API path. */
export function readyCluster(): Map<string, Obj> {
  const objects = new Map<string, Obj>();
  const put = (path: string, obj: Obj) => objects.set(path, { metadata: {}, ...obj });
  put('/version', { gitVersion: 'v1.35.1' });
  put('/api/v1/namespaces/kube-system/configmaps/kubeadm-config', {
    data: {
      ClusterConfiguration:
        'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 192.168.0.0/16\n  serviceSubnet: 10.96.0.0/12\n',
    },
  });
  put('/api/v1/namespaces/kube-system/configmaps/kubelet-config', { data: { kubelet: 'kind: KubeletConfiguration' } });
  for (const name of ['kubeadm:kubelet-bootstrap', 'kubeadm:node-autoapprove-bootstrap', 'kubeadm:node-autoapprove-certificate-rotation'])
    put(`/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${encodeURIComponent(name)}`, { metadata: { name } });
  put('/api/v1/namespaces/kube-system/configmaps/kube-proxy', { data: { 'kubeconfig.conf': 'server: https://10.1.2.3:6443' } });
  put('/api/v1/namespaces/kube-system/serviceaccounts/kube-proxy', {});
  put(KUBE_PROXY_WINDOWS_PATH, kubeProxyWindowsDaemonSet('1.35.1'));
  put(CALICO_PATHS.installation, { spec: { serviceCIDRs: ['10.96.0.0/12'], calicoNetwork: { windowsDataplane: 'HNS', bgp: 'Disabled' } } });
  put(CALICO_PATHS.ippools, {
    items: [{ metadata: { name: 'default-ipv4-ippool' }, spec: { cidr: '192.168.0.0/16', ipipMode: 'Never', vxlanMode: 'Always' } }],
  });
  put(CALICO_PATHS.ipamConfig, { metadata: { name: 'default' }, spec: { strictAffinity: true } });
  put(CALICO_PATHS.servicesEndpoint, { data: { KUBERNETES_SERVICE_HOST: '10.1.2.3', KUBERNETES_SERVICE_PORT: '6443' } });
  put('/api/v1/namespaces/kube-system', { metadata: { name: 'kube-system', labels: {} } });
  put('/api/v1/namespaces/calico-system', {
    metadata: { name: 'calico-system', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
  });
  return objects;
}
