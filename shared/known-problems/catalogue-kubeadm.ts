/**
 * Known problems of the containerd-kubeadm recipe: the traps of the modern
 * reference's §3 (windows-join-modern.md, rows T1-T27, coded KP-M<row>) that
 * a containerd + kubeadm join with Calico can hit, plus WinJoin's own checks
 * of the join credentials and of the cluster. Patterns quote the exact texts
 * kubeadm, kubelet, containerd and PowerShell print.
 *
 * Rows left out, and why:
 * - T1, T2, T24: Flannel only; a Flannel cluster is refused as a whole (KP-WJ-FLANNEL-CLUSTER).
 * - T5: kube-proxy runs in the kube-proxy-windows DaemonSet WinJoin deploys without feature-gate flags.
 * - T15, T17: the same texts as KP-T44-NODE-NAME-INVALID and KP-T45-PROXY-FOR-CLUSTER (catalogue-sdn.ts), which match them.
 * - T18 (registry CA), T25 (2019 updates), T27 (kubelet without --bootstrap-kubeconfig): no single
 *   printed text identifies them. The kubelet service's start script prevents T27, and the containerd
 *   step T18 (downloads.extraCaFile into the registry hosts dir's _default\hosts.toml). T16 is
 *   prevented by the containerd step too (the proxy goes into the service's own Environment); its
 *   entry is for a proxy added to the machine after the join, or a containerd installed otherwise.
 * - T20 (TLS 1.2): the same texts as KP-T40-TLS12. T21 (clock skew) is caught before the join by the
 *   gate's clock-skew check (KP-WJ-CLOCK-SKEW); its x509 text later is KP-T2-API-CERTIFICATE's.
 */
import type { KnownProblem } from './schema.js';

const r = String.raw;

export const KUBEADM_KNOWN_PROBLEMS: KnownProblem[] = [
  {
    code: 'KP-M22-TOKEN-EXPIRED',
    fixIn: { page: 'cluster', field: 'join.token', label: 'pages.cluster.join.create.label' },
    clusterCommand: 'kubeadm token create --print-join-command',
    source: 'kubeadm discovery/token/token.go e47b159c',
    priority: 5,
    matchers: [
      { errorCodes: ['E_JOIN_TOKEN_UNKNOWN'] },
      { pattern: r`token id "[a-z0-9]{6}" is invalid for this cluster or it has expired` },
    ],
  },
  {
    code: 'KP-WJ-JOIN-TOKEN-SIGNATURE',
    fixIn: { page: 'cluster', field: 'join.token', label: 'pages.cluster.join.fields.token' },
    clusterCommand: 'kubeadm token create --print-join-command',
    source: 'WinJoin, kubeadm discovery/token/token.go',
    priority: 5,
    matchers: [
      { errorCodes: ['E_JOIN_TOKEN_SIGNATURE'] },
      { pattern: r`failed to verify JWS signature of received cluster info object, can't trust this API Server` },
    ],
  },
  {
    code: 'KP-WJ-JOIN-CA-PIN',
    fixIn: { page: 'cluster', field: 'join.caCertHash', label: 'pages.cluster.join.fields.caCertHash' },
    clusterCommand: 'kubeadm token create --print-join-command',
    source: 'WinJoin, kubeadm discovery/token/token.go, pubkeypin.go',
    priority: 5,
    matchers: [
      { errorCodes: ['E_JOIN_CA_PIN'] },
      { pattern: r`cluster CA found in cluster-info ConfigMap is invalid: (?:.*not pinned|none of the public keys .* are pinned)` },
    ],
  },
  {
    code: 'KP-WJ-JOIN-CLUSTER-INFO',
    fixIn: { page: 'cluster', field: 'join.apiServerEndpoint', label: 'pages.cluster.join.fields.apiServerEndpoint' },
    clusterCommand: 'kubeadm init phase bootstrap-token',
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_JOIN_CLUSTER_INFO'] }],
  },
  // The join's gate refused failed prerequisite checks; each check's own entry (Flannel, Calico, ...) says which and why.
  {
    code: 'KP-WJ-CLUSTER-NOT-READY',
    fixIn: { page: 'cluster', field: 'cluster.applyPrerequisites', label: 'pages.cluster.readiness.check' },
    machineCommand: 'winjoin cluster check --answers FILE',
    source: 'WinJoin (reference §6)',
    matchers: [{ errorCodes: ['E_CLUSTER_NOT_READY'] }],
  },
  {
    code: 'KP-WJ-FLANNEL-CLUSTER',
    clusterCommand: 'kubectl get daemonsets -A',
    source: 'sig-windows-tools PR #385, issue #387 (reference H2)',
    matchers: [{ check: { id: 'cluster-cni-flannel', statuses: ['fail'] } }],
  },
  {
    code: 'KP-WJ-CLOCK-SKEW',
    machineCommand: 'w32tm /resync /force',
    source: 'kubeadm #240, kubernetes #42791 (reference T21)',
    matchers: [{ check: { id: 'clock-skew', statuses: ['fail'] } }],
  },
  {
    code: 'KP-WJ-CALICO-WINDOWS-SETTINGS',
    fixIn: { page: 'cluster', field: 'cluster.applyPrerequisites', label: 'pages.cluster.readiness.check' },
    source: 'tigera/docs windows-calico operator.mdx, requirements.mdx (reference §1.8A, §6)',
    matchers: [
      { check: { id: 'calico-installation', statuses: ['fail'] } },
      { check: { id: 'calico-ippool', statuses: ['fail'] } },
      { check: { id: 'calico-strict-affinity', statuses: ['fail'] } },
      { check: { id: 'calico-services-endpoint', statuses: ['fail'] } },
    ],
  },
  {
    code: 'KP-M3-SOURCE-VIP',
    clusterCommand: 'kubectl logs -n calico-system -l k8s-app=calico-node-windows',
    source: 'kubernetes #78338, #100962',
    matchers: [{ pattern: r`unable to create proxier: source-vip flag not set` }],
  },
  {
    code: 'KP-M4-SERVICE-HOST-UNREACHABLE',
    fixIn: { page: 'cluster', field: 'cluster.applyPrerequisites', label: 'pages.cluster.readiness.check' },
    source: 'sig-windows-tools #277, PR #314; flannel #1772',
    matchers: [{ pattern: r`dial tcp 10\.\d+\.\d+\.1:443: connectex: A connection attempt failed` }],
  },
  {
    code: 'KP-M6-POD-INFRA-FLAG',
    fixIn: { page: 'network', field: 'kubernetesVersion', label: 'pages.network.advanced.kubernetesVersion.label' },
    source: 'sig-windows-tools #397 (6308ea8b)',
    priority: 5,
    matchers: [{ pattern: r`unknown flag: --pod-infra-container-image` }],
  },
  {
    code: 'KP-M7-CGROUPS-PER-QOS',
    machineCommand: 'sc.exe qc kubelet',
    source: 'kubernetes #78925, PR #62984',
    priority: 5,
    matchers: [
      { pattern: r`CgroupsPerQOS \(--cgroups-per-qos\) true is not supported on Windows` },
      { pattern: r`EnforceNodeAllocatable \(--enforce-node-allocatable\) .*is not supported on Windows` },
    ],
  },
  {
    code: 'KP-M8-KUBELET-CA-PATH',
    fixIn: { page: 'network', field: 'kubernetesVersion', label: 'pages.network.advanced.kubernetesVersion.label' },
    source: 'kubeadm #2330; image-builder #853/#856; kubernetes PR #105992',
    matchers: [{ pattern: r`unable to load client CA file .*\\var\\lib\\kubelet\\etc\\kubernetes\\pki\\ca\.crt` }],
  },
  {
    code: 'KP-M9-KUBELET-HEALTHZ',
    machineCommand: r`Get-ChildItem C:\var\log\kubelet`,
    source: 'kubernetes #110580; sig-windows-tools #229',
    matchers: [
      { pattern: r`http://localhost:10248/healthz.*(?:actively refused|connection refused)` },
      { pattern: r`The kubelet is not running or healthy` },
    ],
  },
  {
    code: 'KP-M10-CONTAINERD-CONFIG-ENCODING',
    machineCommand: 'Out-File -Encoding ascii',
    source: 'containerd #4381, #11940, PR #12087',
    priority: 5,
    matchers: [{ pattern: r`Near line 0 \(last key parsed ''\): bare keys cannot contain` }],
  },
  {
    code: 'KP-M11-TOML-BACKSLASH',
    machineCommand: 'Restart-Service containerd',
    source: 'Siemens-Healthineers/K2s #2376',
    matchers: [{ pattern: r`toml: invalid escaped character U\+[0-9A-F]{4}` }],
  },
  {
    code: 'KP-M12-CRI-STATUS-ESCAPE',
    fixIn: { page: 'network', field: 'kubernetesVersion', label: 'pages.network.advanced.kubernetesVersion.label' },
    source: 'kubernetes #110626',
    matchers: [{ pattern: r`getting status of runtime: invalid character '.' in string escape code` }],
  },
  {
    code: 'KP-M13-CRI-SOCKET-SCHEME',
    machineCommand: '--cri-socket "npipe:////./pipe/containerd-containerd"',
    source: 'containerd #5161',
    matchers: [{ pattern: r`nodeRegistration\.criSocket: Invalid value: "[^"]*": path is not absolute` }],
  },
  {
    code: 'KP-M14-HOSTPROCESS-LOGON',
    machineCommand: 'sc.exe qc containerd',
    source: 'kubernetes website create-hostprocess-pod.md (Troubleshooting)',
    matchers: [{ pattern: r`failed to create user process token: failed to logon user: Access is denied` }],
  },
  {
    code: 'KP-M19-IWR-PROMPT',
    machineCommand: 'Invoke-WebRequest -UseBasicParsing',
    source: 'learn.microsoft.com Invoke-WebRequest (5.1); microsoft/MIMPowerShellConnectors #38',
    matchers: [
      { pattern: r`Security Warning: Script Execution Risk` },
      { pattern: r`The response content cannot be parsed because the Internet Explorer engine is not available` },
    ],
  },
  {
    code: 'KP-M23-HYPERV-NO-VIRTUALIZATION',
    machineCommand: 'Install-WindowsFeature -Name Containers',
    source: 'sig-windows-tools #296, PR #309; sig-windows-dev-tools PR #9',
    matchers: [
      { pattern: r`Hyper-V cannot be installed: The processor does not have required virtualization capabilities` },
      { pattern: r`Hyper-V cannot be installed: .*does not support second level address translation` },
    ],
  },
  {
    // The plan holds join.token as the answers gave it; the token the gate creates is not handed to the step yet.
    code: 'KP-WJ-JOIN-TOKEN-MISSING',
    fixIn: { page: 'cluster', field: 'join.token', label: 'pages.cluster.join.fields.token' },
    clusterCommand: 'kubeadm token create --print-join-command',
    source: 'WinJoin',
    matchers: [{ steps: ['kubeadm-join'], pattern: r`no bootstrap token for kubeadm join: set join\.token` }],
  },
  {
    code: 'KP-WJ-CONTAINERD-FOREIGN-SERVICE',
    machineCommand: 'Stop-Service containerd',
    source: 'WinJoin',
    matchers: [{ steps: ['containerd'], pattern: r`a containerd service from another installation is registered` }],
  },
  // containerd's pull, as node-ready quotes a pod's ErrImagePull/ImagePullBackOff: "failed to resolve reference
  // ...: failed to do request: Head <manifest URL>: <cause>". Both rank above the NotReady they cause (T26).
  {
    // T16: containerd dialled the registry itself on a network that only lets the proxy out.
    code: 'KP-M16-CONTAINERD-NO-PROXY',
    fixIn: { page: 'proxy', field: 'proxy.https', label: 'pages.proxy.https' },
    source: 'containerd #6609, #8846; sig-windows-tools #339',
    priority: 5,
    matchers: [
      {
        pattern: r`failed to resolve reference \\*"[^"\\]+\\*": failed to do request: Head \\*"https://[^"\\]+\\*": dial tcp [^\s"\\]+: (?:i/o timeout|connectex: A connection attempt failed)`,
      },
    ],
  },
  {
    // Through the proxy, which refused the tunnel: Go's net/http returns a CONNECT's status text as the error.
    code: 'KP-M16-PROXY-DENIES-REGISTRY',
    machineCommand: 'crictl pull',
    source: 'Go net/http transport.go (CONNECT status); containerd remotes/docker resolver; reference T16',
    priority: 5,
    matchers: [
      { pattern: r`failed to resolve reference \\*"[^"\\]+\\*": failed to do request: Head \\*"https://[^"\\]+\\*": Forbidden\b` },
    ],
  },
  {
    code: 'KP-M26-CNI-NOT-INITIALIZED',
    clusterCommand: 'kubectl get pods -n calico-system -o wide',
    source: 'containerd config_windows.go; kubernetes.io adding-windows-nodes',
    matchers: [{ pattern: r`cni plugin not initialized` }],
  },
];
