/**
 * Check ids (step.check events) that known problems key on. Step scripts emit
 * these names; they are listed once here so a script and the catalogue cannot
 * drift apart silently (a test asserts every catalogue check id is listed).
 */
export const CHECK_IDS = [
  /** prerequisites: Windows build can run Windows containers (>= 14393; the seed wants 16299). */
  'os-build',
  /** prerequisites: the process token is elevated. */
  'elevated',
  /** network-checks: a Windows pod reaches the Linux master and back (host-gateway/ToR). */
  'pod-to-master',
  /** network-checks: the node itself reaches a service IP (expected to fail in the 1.9 era). */
  'service-ip-from-node',
  /** network-checks: a pod resolves kubernetes.default.svc.cluster.local. */
  'dns-resolution',
  /** network-checks: a pod reaches an address outside the cluster over TCP. */
  'pod-internet',
  /** network-checks: a pod pings an address outside the cluster. */
  'pod-external-icmp',
  /** network-checks: Linux-only DaemonSet pods were scheduled onto this Windows node. */
  'linux-daemonsets-on-windows',
  /** network-checks: general reachability (ICMP/TCP/UDP) between node and master. */
  'node-to-master',
  /** kubelet: the l2bridge HNS network exists after start-kubelet. */
  'hns-network',
  /** kubelet: the node object reports Ready. */
  'node-ready',
  /** kubelet / kube-proxy: the process or service is still running after start. */
  'kubelet-running',
  'kube-proxy-running',
  /** sample-service: the sample pods reach Running. */
  'sample-pods-running',
  /** sample-service: number of sample pods against what the guide text promises. */
  'sample-pod-count',
  /** port-mapping: http://<node IP>:4444 answers. */
  'host-port',
  /** port-mapping: every replica of the port-mapped deployment is scheduled. */
  'port-mapping-replicas',
  /** cluster prerequisites (containerd-kubeadm): this machine's clock against the API server's (T21). */
  'clock-skew',
  /** cluster prerequisites (containerd-kubeadm, electron/host/cluster-prereqs): the cluster runs Flannel. */
  'cluster-cni-flannel',
  /** cluster prerequisites: the Calico Installation has the HNS Windows dataplane and the service CIDRs. */
  'calico-installation',
  /** cluster prerequisites: the IP pool uses VXLAN, not IPIP. */
  'calico-ippool',
  /** cluster prerequisites: Calico IPAM has strict affinity. */
  'calico-strict-affinity',
  /** cluster prerequisites: tigera-operator/kubernetes-services-endpoint names the real API server. */
  'calico-services-endpoint',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];
