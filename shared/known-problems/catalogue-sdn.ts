/**
 * Known problems of the docker-sdn recipe: the rows of the reference's §7
 * troubleshooting table (windows-join-domain.md) that a Docker + Microsoft/SDN
 * join of the Kubernetes 1.9 era can hit. Patterns quote the exact texts the
 * scripts, kubectl, docker, HNS and PowerShell print.
 *
 * Rows left out, and why:
 * - T1  "Permission Denied" running master scripts: Linux master setup; WinJoin joins an existing cluster.
 * - T26 hcnCreateLoadBalancer port exhaustion: HCN calls come from kube-proxy >= 1.14, not the 1.9 winkernel proxier.
 * - T31 NodePort from the node itself: a Windows Server 2019 limitation; the recipe checks no NodePort (T10 covers service IPs).
 * - T33 flannel vxlan source VIP, T36 vSphere VXLAN port: overlay needs Kubernetes 1.14 and WS2019; the recipe's topologies are host-gateway, ToR and flannel host-gw.
 * - T41, T43, T48, T49: kubeadm join preflight and TLS bootstrap; the recipe runs no kubeadm.
 * - T46 kubelet service disabled (kubeadm wording): service start failures are T39.
 * - T50, T52, T57: Install-Containerd.ps1 / PrepareNode.ps1 (containerd only).
 * - T51 Hyper-V prerequisite: the recipe installs the Containers feature, never Hyper-V.
 * - T53 `Download <url> failed`: PrepareNode/Install-Containerd wording; WinJoin's own downloads report KP-WJ-DOWNLOAD-*.
 * - T56 HostProcess kube-proxy image: Docker cannot run HostProcess containers.
 * Rows kept from the modern table because the same condition arises here
 * (matched on the texts this recipe prints): T42, T44, T45, T47, T54, T55.
 */
import type { KnownProblem } from './schema.js';

const r = String.raw;

export const SDN_KNOWN_PROBLEMS: KnownProblem[] = [
  {
    code: 'KP-T15-KUBE-NETWORK-NAME',
    machineCommand: './start-kubeproxy.ps1 -NetworkName l2bridge',
    source: 'SDN start-kubeproxy.ps1 8f28c7f, docs be6313ed, k8s proxier.go',
    priority: 10,
    matchers: [{ pattern: r`Unable to find Hns Network spe(?:ficied|cified) by \S+\. Please check environment variable KUBE_NETWORK` }],
  },
  {
    code: 'KP-T16-KUBE-NETWORK-UNSET',
    machineCommand: 'nssm set kube-proxy AppEnvironmentExtra KUBE_NETWORK=l2bridge',
    source: 'k8s proxier.go',
    priority: 10,
    matchers: [{ pattern: r`Environment variable KUBE_NETWORK not initialized` }],
  },
  {
    code: 'KP-T12-NO-VETHERNET-ADAPTER',
    fixIn: { page: 'network', field: 'network.interfaceAlias', label: 'pages.network.fields.interfaceAlias.label' },
    machineCommand: 'Get-HnsNetwork',
    source: 'SDN start-kubelet.ps1',
    matchers: [{ pattern: r`Failed to find a suitable network adapter, check your network settings` }],
  },
  {
    code: 'KP-T13-ADDROUTES-NO-ADAPTER',
    fixIn: { page: 'network', field: 'network.interfaceAlias', label: 'pages.network.fields.interfaceAlias.label' },
    source: 'SDN AddRoutes.ps1',
    matchers: [{ pattern: r`Do you have a virtual adapter configured\? Couldn't find one!` }],
  },
  {
    code: 'KP-T14-POD-CIDR-WAIT',
    clusterCommand: "kubectl get node {{node}} -o jsonpath='{.spec.podCIDR}'",
    source: 'SDN start-kubelet.ps1, HOWTO-on-prem.md',
    matchers: [
      // Printed once on every healthy start; only a loop of it means the CIDR never came.
      { steps: ['kubelet'], pattern: r`waiting to discover pod CIDR`, minCount: 3 },
      { steps: ['kubelet'], pattern: r`Sleeping for 10s, and then waiting to discover pod CIDR`, errorCodes: ['E_STEP_TIMEOUT'] },
    ],
  },
  {
    code: 'KP-T11-HNS-NETWORK-FAILED',
    fixIn: { page: 'network', field: 'network.interfaceAlias', label: 'pages.network.fields.interfaceAlias.label' },
    machineCommand: 'Get-HnsNetwork | ? Name -ieq "l2bridge"',
    source: 'CP-all',
    matchers: [
      { steps: ['kubelet'], pattern: r`^\s*New-HNSNetwork\s*:` },
      { steps: ['kubelet'], pattern: r`HNS failed with error` },
      { steps: ['kubelet'], pattern: r`no network adapter found` },
      { steps: ['kubelet'], check: { id: 'hns-network', statuses: ['fail'] } },
    ],
  },
  {
    code: 'KP-T28-HNS-DATA-INCOMPATIBLE',
    machineCommand: r`Stop-Service HNS; Remove-Item C:\ProgramData\Microsoft\Windows\HNS\HNS.data; Start-Service HNS`,
    source: 'CP-027466a0+',
    priority: 5,
    matchers: [{ pattern: r`hnsCall failed in Win32: The wrong diskette is in the drive` }],
  },
  {
    code: 'KP-T34-NETWORK-NOT-CREATED',
    clusterCommand: 'kubectl -n kube-system get pods -o wide',
    source: 'SDN start.ps1, CP-a837120f+',
    matchers: [{ pattern: r`Waiting for the Network to be created`, minCount: 3 }],
  },
  {
    code: 'KP-T35-FLANNEL-SUBNET-ENV',
    clusterCommand: 'kubectl -n kube-system get pods -o wide',
    source: 'CP-a837120f+',
    matchers: [
      {
        pattern: r`[/\\]run[/\\]flannel[/\\]subnet\.env: (?:no such file or directory|The system cannot find the (?:file|path) specified)`,
      },
    ],
  },
  {
    code: 'KP-T38-POD-IP-EXHAUSTED',
    machineCommand: 'Get-HNSEndpoint | Remove-HNSEndpoint',
    source: 'CP-a837120f+',
    matchers: [{ pattern: r`failed to allocate for range` }],
  },
  {
    code: 'KP-T37-ENDPOINT-LEAK-VERSION',
    fixIn: { page: 'network', field: 'kubernetesVersion', label: 'pages.network.advanced.kubernetesVersion.label' },
    source: 'CP-a837120f+',
    priority: -2,
    matchers: [{ pattern: r`Kubernetes v1\.11\.[0-2]\b` }],
  },
  {
    code: 'KP-T8-IMAGE-OS-MISMATCH',
    fixIn: { page: 'network', field: 'baseImageTag', label: 'pages.network.advanced.baseImageTag.label' },
    source: 'version-compatibility.md, moby#35462, moby#39328',
    priority: 5,
    matchers: [
      { pattern: r`The operating system of the container does not match the operating system of the host` },
      { pattern: r`The container operating system does not match the host operating system` },
      { pattern: r`image is incompatible with a 10\.0\.\d+ host` },
      { pattern: r`0xc0370101` },
    ],
  },
  {
    code: 'KP-T17-PAUSE-BASE-NANOSERVER',
    fixIn: { page: 'network', field: 'baseImageTag', label: 'pages.network.advanced.baseImageTag.label' },
    source: 'SDN 8f28c7f, InstallImages.ps1',
    matchers: [
      { steps: ['pause-image'], pattern: r`^Step \d+/\d+ : FROM microsoft/nanoserver\b` },
      { steps: ['pause-image'], pattern: r`Pulling from microsoft/nanoserver` },
    ],
  },
  {
    code: 'KP-T7-PAUSE-IMAGE-RESTARTING',
    fixIn: { page: 'network', field: 'baseImageTag', label: 'pages.network.advanced.baseImageTag.label' },
    source: 'CP-all, GS note',
    matchers: [
      { steps: ['pause-image', 'sample-service', 'port-mapping', 'kubelet'], pattern: r`\bRestarting \(\d+\) \d+ \w+ ago` },
      { steps: ['sample-service', 'port-mapping'], pattern: r`\bCrashLoopBackOff\b` },
    ],
  },
  {
    code: 'KP-T6-CONTAINER-CREATING',
    machineCommand: 'docker images kubeletwin/pause',
    source: 'CP-all',
    priority: -1,
    matchers: [
      { steps: ['sample-service', 'port-mapping'], pattern: r`\s0/\d+\s+ContainerCreating\s` },
      { steps: ['sample-service'], check: { id: 'sample-pods-running', statuses: ['fail'] } },
    ],
  },
  {
    code: 'KP-T3-NO-KUBECONFIG',
    fixIn: { page: 'cluster', field: 'cluster.kubeconfigPath', label: 'pages.cluster.choose' },
    machineCommand: 'kubectl config view',
    source: 'GS, JW',
    priority: 5,
    matchers: [
      {
        pattern: r`dial tcp (?:\[::1\]|127\.0\.0\.1):8080: connectex: No connection could be made because the target machine actively refused it`,
      },
    ],
  },
  {
    code: 'KP-T2-API-CERTIFICATE',
    fixIn: { page: 'cluster', field: 'cluster.kubeconfigPath', label: 'pages.cluster.choose' },
    source: 'CP-all',
    matchers: [
      { pattern: r`x509: certificate (?:signed by unknown authority|is valid for|has expired|is not valid)` },
      { pattern: r`Unable to connect to the server: x509:` },
      { pattern: r`error: You must be logged in to the server \(Unauthorized\)` },
    ],
  },
  {
    code: 'KP-T45-PROXY-FOR-CLUSTER',
    fixIn: { page: 'proxy', field: 'proxy.addClusterRanges', label: 'pages.proxy.addClusterRanges' },
    source: 'kubeadm checks.go (condition), configure-docker-daemon.md',
    matchers: [
      { pattern: r`proxyconnect tcp:` },
      { pattern: r`Connection to "https?://[^"]+" uses proxy "[^"]+"\. If that is not intended, adjust your proxy settings` },
    ],
  },
  {
    code: 'KP-T44-NODE-NAME-INVALID',
    fixIn: { page: 'network', field: 'nodeName', label: 'pages.network.advanced.nodeName.label' },
    source: 'kubeadm checks.go (condition), kubelet node registration',
    matchers: [
      {
        pattern: r`metadata\.name: Invalid value: "[^"]*": a (?:DNS-1123 subdomain|lowercase RFC 1123 subdomain) must consist of lower case`,
      },
      { pattern: r`invalid node name format "[^"]*"` },
      // kubeadm join's wording (containerd-kubeadm, modern reference T15).
      { pattern: r`nodeRegistration\.name: Invalid value: "[^"]*": a lowercase RFC 1123 subdomain must consist of lower case` },
      { pattern: r`hostname "[^"]*" could not be reached` },
    ],
  },
  {
    code: 'KP-T42-PORT-10250-IN-USE',
    machineCommand: 'Stop-Service kubelet',
    source: 'kubeadm checks.go (condition), kubelet server',
    matchers: [
      { pattern: r`listen tcp [\d.:\[\]]*:10250: bind: Only one usage of each socket address` },
      { pattern: r`Port 10250 is in use` },
    ],
  },
  {
    code: 'KP-T54-CNI-NOT-READY',
    clusterCommand: 'kubectl -n kube-system get pods -o wide',
    source: 'sig-windows-tools guides/flannel.md, k8s docs (condition)',
    matchers: [
      { pattern: r`NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized` },
      { steps: ['kubelet'], check: { id: 'node-ready', statuses: ['fail'] } },
    ],
  },
  {
    code: 'KP-T39-SERVICE-NOT-RUNNING',
    machineCommand: 'Get-Service kubelet, kube-proxy',
    source: 'CP-a837120f+',
    matchers: [
      { steps: ['kubelet', 'kube-proxy'], pattern: r`Start-Service : Service '[^']*(?:kubelet|kube-proxy)[^']*' cannot be started` },
      { steps: ['kubelet'], check: { id: 'kubelet-running', statuses: ['fail'] } },
      { steps: ['kube-proxy'], check: { id: 'kube-proxy-running', statuses: ['fail'] } },
    ],
  },
  {
    code: 'KP-T32-PROXY-NO-HOSTNAME-OVERRIDE',
    machineCommand: '--hostname-override=$(hostname)',
    source: 'CP-b0e6cd66+',
    matchers: [{ steps: ['kube-proxy'], pattern: r`kube-proxy\.exe(?![^\n]*--hostname-override)\s+--` }],
  },
  {
    code: 'KP-T20-DOCKER-NOT-RUNNING',
    machineCommand: 'Start-Service docker',
    source: 'JW',
    matchers: [
      { pattern: r`open //\./pipe/docker_engine: The system cannot find the file specified` },
      { pattern: r`error during connect: .*docker_engine` },
    ],
  },
  {
    code: 'KP-T21-PSGALLERY-TLS',
    machineCommand: 'Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Force',
    source: 'Virtualization-Documentation#1387, docker/docs#10900, MicrosoftDockerProvider#78',
    matchers: [
      { pattern: r`Unable to download from URI 'https://go\.microsoft\.com/fwlink/\?LinkID=627338` },
      { pattern: r`Unable to download the list of available providers\. Check your internet connection` },
      { pattern: r`NuGet provider is required to continue` },
      { pattern: r`PowerShell Gallery is currently unavailable` },
    ],
  },
  {
    code: 'KP-T40-TLS12',
    machineCommand: '[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12',
    source: 'docs 0e204018',
    matchers: [{ pattern: r`The request was aborted: Could not create SSL/TLS secure channel` }],
  },
  {
    code: 'KP-T22-NO-DOCKER-PROVIDER',
    machineCommand: 'Install-Module -Name DockerMsftProvider -Repository PSGallery -Force',
    source: 'MicrosoftDockerProvider#14, docker/docs#6648',
    matchers: [{ pattern: r`Unable to find package providers \(DockerMsftProvider\)` }],
  },
  {
    code: 'KP-T23-DOCKER-PROVIDER-BACKEND',
    fixIn: { page: 'network', field: 'downloads.offlineSource', label: 'pages.network.advanced.offlineSource.label' },
    source: 'MicrosoftDockerProvider#65, #91, AZ-800#83',
    matchers: [
      { pattern: r`DockerMsftProvider\\DockerDefault_DockerSearchIndex\.json' because it does not exist` },
      { pattern: r`Cannot bind argument to parameter 'downloadURL' because it is an empty string` },
      { pattern: r`No match was found for the specified search criteria and package name 'Docker'` },
    ],
  },
  {
    code: 'KP-T24-KB3176936',
    machineCommand: 'Get-HotFix -Id KB3176936',
    source: 'DockerMsftProvider.psm1',
    matchers: [{ pattern: r`KB3176936 or later is required for docker to work` }],
  },
  {
    code: 'KP-T25-NOT-ELEVATED',
    fixIn: { page: 'prerequisites', label: 'pages.prerequisites.run' },
    source: 'DockerMsftProvider.psm1, kubeadm checks_windows.go',
    matchers: [
      { pattern: r`Administrator rights are required to install docker` },
      { pattern: r`user is not running as administrator` },
      { steps: ['prerequisites'], check: { id: 'elevated', statuses: ['fail'] } },
    ],
  },
  {
    code: 'KP-T47-OS-TOO-OLD',
    fixIn: { page: 'prerequisites', label: 'pages.prerequisites.run' },
    source: 'system-validators types_windows.go (condition)',
    matchers: [
      { pattern: r`unsupported kernel release: 10\.0\.\d+` },
      { steps: ['prerequisites'], check: { id: 'os-build', statuses: ['fail'] } },
    ],
  },
  {
    code: 'KP-T9-MAC-SPOOFING',
    machineCommand: 'Set-VMNetworkAdapter -MacAddressSpoofing On',
    source: 'CP-8a3ea757, CP-b0e6cd66, CP-d252f356',
    matchers: [{ steps: ['network-checks'], check: { id: 'pod-to-master', statuses: ['fail'] } }],
  },
  {
    code: 'KP-T10-SERVICE-IP-FROM-NODE',
    clusterCommand: 'kubectl get services -o wide',
    source: 'CP-all, GS warning',
    matchers: [{ steps: ['network-checks', 'sample-service'], check: { id: 'service-ip-from-node', statuses: ['warn', 'fail'] } }],
  },
  {
    code: 'KP-T5-DNS-CACHE',
    machineCommand: r`Set-ItemProperty -Path HKLM:\SYSTEM\CurrentControlSet\Services\Dnscache\Parameters -Name MaxCacheTtl -Value 0`,
    source: 'CP-8a3ea757, CP-fed735da',
    matchers: [{ steps: ['network-checks', 'sample-service'], check: { id: 'dns-resolution', statuses: ['fail'] } }],
  },
  {
    code: 'KP-T29-NO-INTERNET-FROM-PODS',
    fixIn: { page: 'network', field: 'network.topology', label: 'pages.network.topology' },
    source: 'CP-d252f356+',
    matchers: [{ steps: ['network-checks'], check: { id: 'pod-internet', statuses: ['fail'] } }],
  },
  {
    code: 'KP-T30-NO-EXTERNAL-PING',
    clusterCommand: 'kubectl exec <pod> -- powershell Invoke-WebRequest -UseBasicParsing https://kubernetes.io',
    source: 'CP-a837120f+',
    matchers: [{ steps: ['network-checks'], check: { id: 'pod-external-icmp', statuses: ['warn', 'fail'] } }],
  },
  {
    code: 'KP-T55-LINUX-DAEMONSETS',
    clusterCommand: 'kubectl patch ds/kube-proxy -n kube-system --patch "$(cat node-selector-patch.yml)"',
    source: 'creating-a-linux-master.md, kubernetes/website#13501',
    matchers: [
      { steps: ['network-checks', 'kube-proxy', 'kubelet'], check: { id: 'linux-daemonsets-on-windows', statuses: ['warn', 'fail'] } },
    ],
  },
  {
    code: 'KP-T4-NETWORK-BLOCKED',
    machineCommand: 'Get-NetRoute -AddressFamily IPv4',
    source: 'CP-all',
    priority: -1,
    matchers: [{ steps: ['network-checks'], check: { id: 'node-to-master', statuses: ['fail'] } }],
  },
  {
    code: 'KP-T18-ONE-SAMPLE-POD',
    clusterCommand: 'kubectl scale deployment win-webserver --replicas=2',
    source: 'SDN 5b4fbfe (doc/script drift)',
    matchers: [{ steps: ['sample-service'], check: { id: 'sample-pod-count', statuses: ['warn', 'fail'] } }],
  },
  {
    code: 'KP-T19-HOSTPORT-ONE-PER-NODE',
    clusterCommand: 'kubectl scale deployment <name> --replicas=1',
    source: 'GS',
    matchers: [
      { steps: ['port-mapping'], check: { id: 'port-mapping-replicas', statuses: ['warn', 'fail'] } },
      { steps: ['port-mapping'], pattern: r`0/\d+ nodes are available: .*(?:free ports|didn't have free ports)` },
    ],
  },
  {
    code: 'KP-T27-HOSTPORT-NOT-WORKING',
    machineCommand: r`Get-Content C:\k\cni\config\l2bridge.conf`,
    source: 'CP-d252f356+',
    matchers: [{ steps: ['port-mapping'], check: { id: 'host-port', statuses: ['fail'] } }],
  },
];
