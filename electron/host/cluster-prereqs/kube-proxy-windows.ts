/**
 * The kube-proxy-windows DaemonSet of the SIG Windows Calico path
 * (sig-windows-tools hostprocess/calico/kube-proxy/kube-proxy.yml): a
 * HostProcess pod as NT AUTHORITY\system on the host network of every Windows
 * node, reusing kubeadm's kube-proxy ServiceAccount and ConfigMap, with the
 * image built for the cluster's exact version.
 */
export const KUBE_PROXY_WINDOWS = { namespace: 'kube-system', name: 'kube-proxy-windows' } as const;

/** "1.35.1" -> sigwindowstools/kube-proxy:v1.35.1-calico-hostprocess (built for every tag >= 1.33, reference H3). */
export function kubeProxyWindowsImage(version: string): string {
  return `sigwindowstools/kube-proxy:v${version.replace(/^v/, '')}-calico-hostprocess`;
}

export function kubeProxyWindowsDaemonSet(version: string) {
  const labels = { 'k8s-app': 'kube-proxy-windows' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: KUBE_PROXY_WINDOWS.name, namespace: KUBE_PROXY_WINDOWS.namespace, labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'kube-proxy',
          securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\system' } },
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'windows' },
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists' }],
          containers: [
            {
              name: 'kube-proxy',
              image: kubeProxyWindowsImage(version),
              imagePullPolicy: 'IfNotPresent',
              // The image's start script waits for the Calico HNS network, then starts kube-proxy.exe.
              args: ['$env:CONTAINER_SANDBOX_MOUNT_POINT/kube-proxy/start.ps1'],
              workingDir: '$env:CONTAINER_SANDBOX_MOUNT_POINT/kube-proxy/',
              env: [
                { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
                { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              ],
              volumeMounts: [{ mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' }],
            },
          ],
          volumes: [{ name: 'kube-proxy', configMap: { name: 'kube-proxy' } }],
        },
      },
    },
  };
}
