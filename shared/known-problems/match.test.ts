import { describe, expect, it } from 'vitest';
import { KNOWN_PROBLEMS } from './catalogue.js';
import { matchFailure, matchKnownProblems, type MatchInput } from './match.js';

const podCidrLoop = Array.from({ length: 4 }, () => [
  'waiting to discover pod CIDR',
  'Sleeping for 10s, and then waiting to discover pod CIDR',
]).flat();

/**
 * containerd's pull errors as node-ready quotes a pod's waiting message (kubelet's ErrImagePull): pulling
 * directly on a proxy-only network (T16), and through a proxy whose allow-list lacks the registry, whose
 * 403 to CONNECT Go's net/http turns into the error "Forbidden" (transport.go).
 */
const T16_DIRECT_DIAL =
  'rpc error: code = Unknown desc = failed to pull and unpack image "quay.io/calico/node-windows:v3.31.3": failed to resolve reference "quay.io/calico/node-windows:v3.31.3": failed to do request: Head "https://quay.io/v2/calico/node-windows/manifests/v3.31.3": dial tcp 104.18.0.1:443: i/o timeout';
const PROXY_FORBIDDEN =
  'rpc error: code = Unknown desc = failed to pull and unpack image "quay.io/calico/node-windows:v3.31.3": failed to resolve reference "quay.io/calico/node-windows:v3.31.3": failed to do request: Head "https://quay.io/v2/calico/node-windows/manifests/v3.31.3": Forbidden';

/** One failure per catalogue entry, worded as the scripts and tools print it (reference §1, §7). */
const SAMPLES: Record<string, MatchInput> = {
  'KP-T15-KUBE-NETWORK-NAME': {
    stepId: 'kube-proxy',
    lines: [
      'I0307 10:01:02.123456    4242 server_others.go:166] Using winkernel proxier.',
      'F0307 10:01:02.2 proxier.go:487] Unable to find Hns Network speficied by cbr0. Please check environment variable KUBE_NETWORK',
    ],
    exitCode: 255,
  },
  'KP-T16-KUBE-NETWORK-UNSET': {
    stepId: 'kube-proxy',
    lines: ['F0307 10:01:02 proxier.go:473] Environment variable KUBE_NETWORK not initialized'],
    exitCode: 255,
  },
  'KP-T12-NO-VETHERNET-ADAPTER': {
    stepId: 'kubelet',
    lines: ['Failed to find a suitable network adapter, check your network settings.', 'At C:\\k\\start-kubelet.ps1:57 char:9'],
    errorCode: 'E_SCRIPT_ERROR',
  },
  'KP-T13-ADDROUTES-NO-ADAPTER': {
    stepId: 'routes',
    lines: ["C:\\k\\AddRoutes.ps1 : Do you have a virtual adapter configured? Couldn't find one!"],
    exitCode: 1,
  },
  'KP-T14-POD-CIDR-WAIT': { stepId: 'kubelet', lines: podCidrLoop, errorCode: 'E_STEP_TIMEOUT' },
  'KP-T11-HNS-NETWORK-FAILED': {
    stepId: 'kubelet',
    lines: ['New-HNSNetwork : HNS failed with error : Element not found.', 'At C:\\k\\hns.psm1:98 char:5'],
  },
  'KP-T28-HNS-DATA-INCOMPATIBLE': { stepId: 'kubelet', lines: ['hnsCall failed in Win32: The wrong diskette is in the drive. (0x6a1)'] },
  'KP-T34-NETWORK-NOT-CREATED': {
    stepId: 'kubelet',
    lines: ['Waiting for the Network to be created', 'Waiting for the Network to be created', 'Waiting for the Network to be created'],
  },
  'KP-T35-FLANNEL-SUBNET-ENV': {
    stepId: 'sample-service',
    lines: ["failed to load flannel 'subnet.env' file: open /run/flannel/subnet.env: no such file or directory"],
  },
  'KP-T38-POD-IP-EXHAUSTED': {
    stepId: 'sample-service',
    lines: [
      'Warning  FailedCreatePodSandBox  kubelet  NetworkPlugin cni failed to set up pod "win-webserver" network: failed to allocate for range 0: no IP addresses available in range set',
    ],
  },
  'KP-T37-ENDPOINT-LEAK-VERSION': { stepId: 'binaries', lines: ['C:\\k\\kubelet.exe --version', 'Kubernetes v1.11.1'] },
  'KP-T8-IMAGE-OS-MISMATCH': {
    stepId: 'sample-service',
    lines: [
      'Error response from daemon: container 0f3c encountered an error during CreateContainer: failure in a Windows system call: The operating system of the container does not match the operating system of the host. (0xc0370101)',
    ],
  },
  'KP-T17-PAUSE-BASE-NANOSERVER': {
    stepId: 'pause-image',
    lines: [
      'Sending build context to Docker daemon  4.096kB',
      'Step 1/2 : FROM microsoft/nanoserver',
      'latest: Pulling from microsoft/nanoserver',
    ],
  },
  'KP-T7-PAUSE-IMAGE-RESTARTING': {
    stepId: 'sample-service',
    lines: [
      'CONTAINER ID  IMAGE             COMMAND  CREATED  STATUS',
      '3c1d  kubeletwin/pause  "cmd /c ping -t localhost"  2 minutes ago  Restarting (1) 5 seconds ago',
    ],
  },
  'KP-T6-CONTAINER-CREATING': {
    stepId: 'sample-service',
    lines: [
      'NAME                             READY     STATUS              RESTARTS   AGE',
      'win-webserver-5c7d6f9b8-x2x9k    0/1       ContainerCreating   0          9m',
    ],
  },
  'KP-T3-NO-KUBECONFIG': {
    stepId: 'api-check',
    lines: [
      'Unable to connect to the server: dial tcp [::1]:8080: connectex: No connection could be made because the target machine actively refused it.',
    ],
    exitCode: 1,
  },
  'KP-T2-API-CERTIFICATE': {
    stepId: 'api-check',
    lines: ['Unable to connect to the server: x509: certificate signed by unknown authority'],
    errorCode: 'E_CLUSTER_UNREACHABLE',
    errorMessage: 'kubectl version failed',
  },
  'KP-T45-PROXY-FOR-CLUSTER': {
    stepId: 'api-check',
    lines: ['Unable to connect to the server: proxyconnect tcp: dial tcp 10.0.0.5:3128: connectex: A connection attempt failed'],
  },
  'KP-T44-NODE-NAME-INVALID': {
    stepId: 'kubelet',
    lines: [
      'E0307 kubelet_node_status.go:106] Unable to register node "WIN_NODE1" with API server: Node "WIN_NODE1" is invalid: metadata.name: Invalid value: "WIN_NODE1": a DNS-1123 subdomain must consist of lower case alphanumeric characters',
    ],
  },
  'KP-T42-PORT-10250-IN-USE': {
    stepId: 'kubelet',
    lines: [
      'F0307 server.go:155] listen tcp 0.0.0.0:10250: bind: Only one usage of each socket address (protocol/network address/port) is normally permitted.',
    ],
  },
  'KP-T54-CNI-NOT-READY': {
    stepId: 'kubelet',
    lines: [
      'E0307 kubelet.go:2105] Container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized',
    ],
  },
  'KP-T39-SERVICE-NOT-RUNNING': {
    stepId: 'kubelet',
    lines: [
      "Start-Service : Service 'kubelet (kubelet)' cannot be started due to the following error: Cannot start service kubelet on computer '.'.",
    ],
  },
  'KP-T32-PROXY-NO-HOSTNAME-OVERRIDE': {
    stepId: 'kube-proxy',
    lines: ['Starting c:\\k\\kube-proxy.exe --v=4 --proxy-mode=kernelspace --kubeconfig=c:\\k\\config'],
    checks: [{ id: 'kube-proxy-running', status: 'pass' }],
  },
  'KP-T20-DOCKER-NOT-RUNNING': {
    stepId: 'pause-image',
    lines: [
      'error during connect: Get http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.35/version: open //./pipe/docker_engine: The system cannot find the file specified. In the default daemon configuration on Windows, the docker client must be run elevated to connect.',
    ],
  },
  'KP-T21-PSGALLERY-TLS': {
    stepId: 'docker',
    lines: [
      "WARNING: Unable to download from URI 'https://go.microsoft.com/fwlink/?LinkID=627338&clcid=0x409' to ''.",
      'WARNING: Unable to download the list of available providers. Check your internet connection.',
    ],
  },
  'KP-T40-TLS12': {
    stepId: 'scripts',
    lines: ['Invoke-WebRequest : The request was aborted: Could not create SSL/TLS secure channel.'],
  },
  'KP-T22-NO-DOCKER-PROVIDER': { stepId: 'docker', lines: ['Install-Package : Unable to find package providers (DockerMsftProvider).'] },
  'KP-T23-DOCKER-PROVIDER-BACKEND': {
    stepId: 'docker',
    lines: [
      "Cannot find path 'C:\\Users\\Administrator\\AppData\\Local\\Temp\\DockerMsftProvider\\DockerDefault_DockerSearchIndex.json' because it does not exist.",
      "Install-Package : No match was found for the specified search criteria and package name 'Docker'.",
    ],
  },
  'KP-T24-KB3176936': { stepId: 'docker', lines: ['KB3176936 or later is required for docker to work'] },
  'KP-T25-NOT-ELEVATED': { stepId: 'docker', lines: ['Administrator rights are required to install docker.'] },
  'KP-T47-OS-TOO-OLD': { stepId: 'prerequisites', checks: [{ id: 'os-build', status: 'fail' }] },
  'KP-T9-MAC-SPOOFING': {
    stepId: 'network-checks',
    checks: [
      { id: 'node-to-master', status: 'pass' },
      { id: 'pod-to-master', status: 'fail' },
    ],
  },
  'KP-T10-SERVICE-IP-FROM-NODE': { stepId: 'network-checks', checks: [{ id: 'service-ip-from-node', status: 'warn' }] },
  'KP-T5-DNS-CACHE': { stepId: 'network-checks', checks: [{ id: 'dns-resolution', status: 'fail' }] },
  'KP-T29-NO-INTERNET-FROM-PODS': { stepId: 'network-checks', checks: [{ id: 'pod-internet', status: 'fail' }] },
  'KP-T30-NO-EXTERNAL-PING': { stepId: 'network-checks', checks: [{ id: 'pod-external-icmp', status: 'fail' }] },
  'KP-T55-LINUX-DAEMONSETS': { stepId: 'network-checks', checks: [{ id: 'linux-daemonsets-on-windows', status: 'warn' }] },
  'KP-T4-NETWORK-BLOCKED': { stepId: 'network-checks', checks: [{ id: 'node-to-master', status: 'fail' }] },
  'KP-T18-ONE-SAMPLE-POD': { stepId: 'sample-service', checks: [{ id: 'sample-pod-count', status: 'warn' }] },
  'KP-T19-HOSTPORT-ONE-PER-NODE': {
    stepId: 'port-mapping',
    lines: [
      "Warning  FailedScheduling  default-scheduler  0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.",
    ],
  },
  'KP-T27-HOSTPORT-NOT-WORKING': { stepId: 'port-mapping', checks: [{ id: 'host-port', status: 'fail' }] },
  'KP-WJ-DOWNLOAD-CHECKSUM': {
    stepId: 'binaries',
    errorCode: 'E_DOWNLOAD_CHECKSUM',
    errorMessage: 'sha256 mismatch for kubernetes-node-windows-amd64.tar.gz',
  },
  'KP-WJ-PROXY-AUTH': {
    stepId: 'binaries',
    errorCode: 'E_DOWNLOAD_HTTP',
    errorMessage: 'HTTP 407 Proxy Authentication Required from proxy',
  },
  'KP-WJ-DOWNLOAD-HTTP': { stepId: 'binaries', errorCode: 'E_DOWNLOAD_HTTP', errorMessage: 'HTTP 404 Not Found' },
  'KP-WJ-DOWNLOAD-NETWORK': { stepId: 'scripts', errorCode: 'E_DOWNLOAD_NETWORK', errorMessage: 'getaddrinfo ENOTFOUND github.com' },
  'KP-WJ-ARCHIVE-UNSAFE': {
    stepId: 'scripts',
    errorCode: 'E_ARCHIVE_UNSAFE',
    errorMessage: 'entry ../../Windows/evil.ps1 escapes the target',
  },
  'KP-WJ-KUBECONFIG-READ': { stepId: 'kubeconfig', errorCode: 'E_KUBECONFIG_READ', errorMessage: 'ENOENT' },
  'KP-WJ-KUBECONFIG-PARSE': { stepId: 'kubeconfig', errorCode: 'E_KUBECONFIG_PARSE', errorMessage: 'no clusters' },
  'KP-WJ-DIR-NOT-OWNED': { stepId: 'scripts', errorCode: 'E_DIR_NOT_OWNED', errorMessage: 'C:\\k is owned by S-1-5-21-1-2-3-1001' },
  'KP-WJ-NODE-CSR': {
    stepId: 'kubeconfig',
    errorCode: 'E_NODE_CSR_NOT_ISSUED',
    errorMessage: 'The cluster issued no certificate for system:node:win-1 (CSR winjoin-win-1-kubelet-0a1b2c3d): Denied',
  },
  'KP-WJ-CLUSTER-UNREACHABLE': { stepId: 'api-check', errorCode: 'E_CLUSTER_UNREACHABLE', errorMessage: 'connect ETIMEDOUT 10.1.2.3:6443' },
  'KP-WJ-RESTART-PENDING': {
    stepId: 'docker',
    lines: ['WARNING: A restart is required to enable the containers feature. Please restart your machine.'],
    exitCode: 3010,
  },
  'KP-WJ-RESTART-REFUSED': { errorCode: 'E_RESTART_SCHEDULE', errorMessage: 'shutdown /r /t ended with exit code 1190' },
  'KP-WJ-INVALID-ANSWERS': { errorCode: 'E_INVALID_ANSWERS', errorMessage: 'network.masterIp is missing' },
  'KP-WJ-ANSWERS-CHANGED': { errorCode: 'E_ANSWERS_CHANGED', errorMessage: 'answers differ from the interrupted join' },
  'KP-WJ-JOIN-IN-PROGRESS': { errorCode: 'E_JOIN_IN_PROGRESS', errorMessage: 'locked' },
  'KP-WJ-NO-JOIN': { errorCode: 'E_NO_JOIN', errorMessage: 'nothing to resume' },
  'KP-WJ-RESET-NOT-CONFIRMED': { errorCode: 'E_RESET_NOT_CONFIRMED', errorMessage: 'the reset was not confirmed' },
  'KP-WJ-RESET-MODE-MISMATCH': { errorCode: 'E_RESET_MODE_MISMATCH', errorMessage: 'the saved join ran on this machine' },
  'KP-WJ-STATE-CORRUPT': { errorCode: 'E_STATE_CORRUPT', errorMessage: 'state file unreadable' },
  'KP-WJ-POWERSHELL-MISSING': { stepId: 'prerequisites', errorCode: 'E_POWERSHELL_MISSING', errorMessage: 'spawn pwsh ENOENT' },
  'KP-WJ-SCRIPT-MISSING': { stepId: 'docker', errorCode: 'E_SCRIPT_NOT_FOUND', errorMessage: 'docker.ps1 not found' },
  'KP-WJ-STEP-TIMEOUT': {
    stepId: 'pause-image',
    lines: ['Pulling fs layer'],
    errorCode: 'E_STEP_TIMEOUT',
    errorMessage: 'step pause-image exceeded 3600000 ms',
  },
  'KP-WJ-SCRIPT-ERROR': { stepId: 'path-env', lines: ['Something odd happened'], errorCode: 'E_SCRIPT_ERROR', errorMessage: 'exit 1' },
  'KP-WJ-INTERNAL': { errorCode: 'E_INTERNAL', errorMessage: 'Cannot read properties of undefined' },
};

/** What a healthy seed-era join prints: no entry may match any of it. */
const HEALTHY: MatchInput[] = [
  {
    stepId: 'kubelet',
    lines: [
      'waiting to discover pod CIDR',
      'VERBOSE: New-HNSNetwork - Type: L2Bridge, AddressPrefix 192.168.2.0/24',
      'Generated CNI Config [{"cniVersion":"0.2.0","name":"l2bridge","type":"wincni.exe","master":"Ethernet"}]',
      'I0307 10:00:00 kubelet.go:1778] Started kubelet',
      'I0307 kubelet_node_status.go:82] Successfully registered node win-node1',
    ],
    exitCode: 0,
  },
  {
    stepId: 'kube-proxy',
    lines: [
      'c:\\k\\kube-proxy.exe --v=4 --proxy-mode=kernelspace --hostname-override=win-node1 --kubeconfig=c:\\k\\config',
      'I0307 server_others.go:166] Using winkernel proxier.',
    ],
    checks: [{ id: 'kube-proxy-running', status: 'pass' }],
  },
  { stepId: 'pause-image', lines: ['Step 1/3 : FROM microsoft/windowsservercore', 'Successfully tagged kubeletwin/pause:latest'] },
  {
    stepId: 'api-check',
    lines: ['Client Version: version.Info{Major:"1", Minor:"9"}', 'Server Version: version.Info{Major:"1", Minor:"9"}'],
  },
  { stepId: 'binaries', lines: ['Kubernetes v1.9.1', 'Kubernetes v1.11.3'] },
  { stepId: 'routes', lines: ['Adding route for Remote Pod CIDR 192.168.1.0/24, GW 192.168.1.1, for node type linux'] },
  {
    stepId: 'network-checks',
    checks: ['pod-to-master', 'dns-resolution', 'pod-internet', 'node-to-master', 'host-port', 'os-build', 'elevated'].map((id) => ({
      id,
      status: 'pass',
    })),
  },
  { stepId: 'sample-service', lines: ['win-webserver-5c7d6f9b8-x2x9k    2/2       Running   0          1m'] },
];

/** containerd-kubeadm: one failure per entry, in the exact wording of kubeadm, kubelet, containerd and PowerShell (modern reference §3). */
const KUBEADM_SAMPLES: Record<string, MatchInput> = {
  'KP-WJ-JOIN-TOKEN-MISSING': {
    stepId: 'kubeadm-join',
    errorMessage:
      'no bootstrap token for kubeadm join: set join.token in the answers, or start the join from WinJoin, whose cluster check creates one when join.token is null',
  },
  'KP-WJ-CONTAINERD-FOREIGN-SERVICE': {
    stepId: 'containerd',
    errorMessage:
      'a containerd service from another installation is registered ("C:\\containerd\\bin\\containerd.exe" --run-service). Stop it and unregister it with its own containerd.exe --unregister-service, then run WinJoin again.',
  },
  'KP-M22-TOKEN-EXPIRED': {
    lines: [
      '[preflight] Running pre-flight checks',
      'error execution phase preflight: couldn\'t validate the identity of the API Server: token id "abcdef" is invalid for this cluster or it has expired. Use "kubeadm token create" on the control-plane node to create a new valid token',
    ],
    exitCode: 1,
  },
  'KP-WJ-JOIN-TOKEN-SIGNATURE': {
    errorCode: 'E_JOIN_TOKEN_SIGNATURE',
    errorMessage: 'the cluster-info signature for token id "abcdef" does not verify with this token\'s secret (mismatch)',
  },
  'KP-WJ-JOIN-CA-PIN': {
    lines: [
      "error execution phase preflight: couldn't validate the identity of the API Server: cluster CA found in cluster-info configmap is invalid: public key sha256:345959acb2c3b2feb87d281961c893f62a314207ef02599f1cc4a5fb255480b3 not pinned",
    ],
    exitCode: 1,
  },
  'KP-WJ-SECRET-UNAVAILABLE': {
    errorCode: 'E_SECRET_UNAVAILABLE',
    errorMessage: 'cannot resume: join.token (from createdToken C:\\admin.conf) cannot be read again',
  },
  'KP-WJ-CLUSTER-NOT-READY': {
    errorCode: 'E_CLUSTER_NOT_READY',
    errorMessage: 'the cluster is not ready for this node: calico-installation, strict-affinity',
  },
  'KP-WJ-JOIN-CLUSTER-INFO': {
    errorCode: 'E_JOIN_CLUSTER_INFO',
    errorMessage: 'cluster-info cannot be read anonymously from 10.1.2.3:6443: HTTP 403 (anonymous access refused)',
  },
  'KP-WJ-FLANNEL-CLUSTER': { checks: [{ id: 'cluster-cni-flannel', status: 'fail' }] },
  'KP-WJ-CLOCK-SKEW': { checks: [{ id: 'clock-skew', status: 'fail' }] },
  'KP-WJ-CALICO-WINDOWS-SETTINGS': {
    checks: [
      { id: 'calico-installation', status: 'fail' },
      { id: 'calico-ippool', status: 'pass' },
    ],
  },
  'KP-M3-SOURCE-VIP': { lines: ['F1202 13:01:02.345678    4242 server.go:495] unable to create proxier: source-vip flag not set'] },
  'KP-M4-SERVICE-HOST-UNREACHABLE': {
    lines: [
      'Get "https://10.96.0.1:443/api/v1/nodes/win-node": dial tcp 10.96.0.1:443: connectex: A connection attempt failed because the connected party did not properly respond after a period of time',
    ],
  },
  'KP-M6-POD-INFRA-FLAG': {
    lines: [
      'E1202 13:01:02.000000    5120 run.go:72] "command failed" err="failed to parse kubelet flag: unknown flag: --pod-infra-container-image"',
    ],
  },
  'KP-M7-CGROUPS-PER-QOS': {
    lines: [
      'E1202 13:01:02.1 run.go:74] "command failed" err="failed to validate kubelet configuration, error: invalid configuration: CgroupsPerQOS (--cgroups-per-qos) true is not supported on Windows, path: &TypeMeta{Kind:,APIVersion:,}"',
    ],
  },
  'KP-M8-KUBELET-CA-PATH': {
    lines: [
      'E1202 13:01:02 server.go:294] "Failed to run kubelet" err="failed to run Kubelet: unable to load client CA file C:\\var\\lib\\kubelet\\etc\\kubernetes\\pki\\ca.crt: open C:\\var\\lib\\kubelet\\etc\\kubernetes\\pki\\ca.crt: The system cannot find the path specified."',
    ],
  },
  'KP-M9-KUBELET-HEALTHZ': {
    lines: [
      "[kubelet-check] It seems like the kubelet isn't running or healthy.",
      '[kubelet-check] The HTTP call equal to \'curl -sSL http://localhost:10248/healthz\' failed with error: Get "http://localhost:10248/healthz": dial tcp [::1]:10248: connectex: No connection could be made because the target machine actively refused it.',
    ],
    exitCode: 1,
  },
  'KP-M10-CONTAINERD-CONFIG-ENCODING': {
    lines: [
      "containerd: failed to load TOML from C:\\Program Files\\containerd\\config.toml: Near line 0 (last key parsed ''): bare keys cannot contain '\uFFFD'",
    ],
  },
  'KP-M11-TOML-BACKSLASH': {
    lines: ["containerd: failed to load TOML: (37, 18): toml: invalid escaped character U+0053 'S'"],
  },
  'KP-M12-CRI-STATUS-ESCAPE': {
    lines: [
      '\t[ERROR CRI]: container runtime is not running: output: time="2022-06-16T09:45:42Z" level=fatal msg="getting status of runtime: invalid character \'e\' in string escape code"',
    ],
  },
  'KP-M13-CRI-SOCKET-SCHEME': {
    lines: ['nodeRegistration.criSocket: Invalid value: "//./pipe/containerd-containerd": path is not absolute'],
  },
  'KP-M14-HOSTPROCESS-LOGON': {
    lines: [
      'Error: failed to create containerd task: failed to create shim task: hcs::CreateComputeSystem install-cni: failed to create user process token: failed to logon user: Access is denied.: unknown',
    ],
  },
  'KP-M19-IWR-PROMPT': {
    lines: [
      'Security Warning: Script Execution Risk',
      'Invoke-WebRequest parses the content of the web page. Script code in the web page might be run when the page is parsed.',
    ],
  },
  'KP-M23-HYPERV-NO-VIRTUALIZATION': {
    lines: ['Install-WindowsFeature : Hyper-V cannot be installed: The processor does not have required virtualization capabilities.'],
  },
  'KP-M16-CONTAINERD-NO-PROXY': {
    stepId: 'node-ready',
    lines: [T16_DIRECT_DIAL],
    errorMessage: `node win-node1 is not Ready: ${T16_DIRECT_DIAL}`,
  },
  'KP-M16-PROXY-DENIES-REGISTRY': {
    stepId: 'node-ready',
    lines: [PROXY_FORBIDDEN],
    errorMessage: `node win-node1 is not Ready: pod calico-system/calico-node-windows-x7k2p cannot pull the image of container calico-node (ErrImagePull): ${PROXY_FORBIDDEN}`,
  },
  'KP-M26-CNI-NOT-INITIALIZED': {
    lines: [
      'E1202 13:05:00 kubelet.go:2902] "Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"',
    ],
  },
};
Object.assign(SAMPLES, KUBEADM_SAMPLES);

describe('matchKnownProblems: each entry recognises its failure', () => {
  it('has a sample for every catalogue entry', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(KNOWN_PROBLEMS.map((p) => p.code).sort());
  });

  for (const [code, input] of Object.entries(SAMPLES)) {
    it(`${code} ranks first for its own failure`, () => {
      expect(matchKnownProblems(input)[0]).toBe(code);
    });
  }
});

describe('matchKnownProblems: matchers are not trivially broad', () => {
  it('matches nothing in a healthy run', () => {
    for (const input of HEALTHY) expect(matchKnownProblems(input), JSON.stringify(input.lines ?? input.checks)).toEqual([]);
  });

  it('matches nothing for empty input or an unrelated error', () => {
    expect(matchKnownProblems({})).toEqual([]);
    expect(matchKnownProblems({ stepId: 'docker', lines: ['The quick brown fox'], exitCode: 1 })).toEqual([]);
    expect(matchKnownProblems({ errorCode: 'E_STEP_FAILED', errorMessage: 'step docker failed' })).toEqual([]);
  });

  it('needs the loop, not one line, for the pod CIDR wait', () => {
    expect(matchKnownProblems({ stepId: 'kubelet', lines: ['waiting to discover pod CIDR', 'waiting to discover pod CIDR'] })).toEqual([]);
    expect(matchKnownProblems({ stepId: 'kubelet', lines: ['Waiting for the Network to be created'] })).toEqual([]);
  });

  it('respects step filters', () => {
    expect(matchKnownProblems({ stepId: 'sample-service', lines: ['Step 1/2 : FROM microsoft/nanoserver'] })).toEqual([]);
    expect(matchKnownProblems({ stepId: 'docker', checks: [{ id: 'pod-to-master', status: 'fail' }] })).toEqual([]);
  });

  it('ignores passing checks and the wrong status', () => {
    expect(matchKnownProblems({ stepId: 'network-checks', checks: [{ id: 'dns-resolution', status: 'warn' }] })).toEqual([]);
  });

  it('does not fire T15 on a KUBE_NETWORK that was found', () => {
    expect(matchKnownProblems({ stepId: 'kube-proxy', lines: ['KUBE_NETWORK=l2bridge', 'Hns Network l2bridge found'] })).toEqual([]);
  });

  it('does not read a version like 1.11.10 as a leaking 1.11.1', () => {
    expect(matchKnownProblems({ stepId: 'binaries', lines: ['Kubernetes v1.11.10'] })).toEqual([]);
  });
});

describe('matchKnownProblems: containerd-kubeadm matchers are not trivially broad', () => {
  it('matches nothing in a healthy kubeadm join', () => {
    const lines = [
      '[preflight] Running pre-flight checks',
      '[preflight] Reading configuration from the cluster...',
      '[kubelet-start] Writing kubelet configuration to file "\\var\\lib\\kubelet\\config.yaml"',
      '[kubelet-check] The kubelet is healthy after 1.5s',
      'This node has joined the cluster:',
      '* Certificate signing request was sent to apiserver and a response was received.',
      '* The Kubelet was informed of the new secure connection details.',
      'I1202 13:01:02 server.go:480] "Kubelet version" kubeletVersion="v1.35.1"',
      'containerd successfully booted in 0.2s',
      'token id "abcdef" is valid until 2026-12-02T15:00:00Z',
    ];
    expect(matchKnownProblems({ lines })).toEqual([]);
  });

  it('needs the exact texts, not their neighbours', () => {
    const near = [
      'flag --pod-infra-container-image has been deprecated, will be removed in 1.35',
      'CgroupsPerQOS (--cgroups-per-qos) false',
      'unable to load client CA file C:\\etc\\kubernetes\\pki\\ca.crt: ok',
      'nodeRegistration.criSocket: "npipe:////./pipe/containerd-containerd"',
      'dial tcp 10.1.2.3:6443: connectex: A connection attempt failed',
      'toml: invalid escaped character in key',
      'cni plugin initialized',
    ];
    for (const line of near) expect(matchKnownProblems({ lines: [line] }), line).toEqual([]);
  });

  it('ignores passing Calico, Flannel and clock checks, and a clock skew that only warns', () => {
    const checks = [
      'clock-skew',
      'cluster-cni-flannel',
      'calico-installation',
      'calico-ippool',
      'calico-strict-affinity',
      'calico-services-endpoint',
    ].map((id) => ({ id, status: 'pass' }));
    expect(matchKnownProblems({ checks })).toEqual([]);
    expect(matchKnownProblems({ checks: [{ id: 'calico-installation', status: 'warn' }] })).toEqual([]);
    expect(matchKnownProblems({ checks: [{ id: 'clock-skew', status: 'warn' }] })).toEqual([]);
  });

  it("tells containerd's direct-dial timeout (T16) from the proxy's refusal, each only its own", () => {
    const only = (lines: string[]) => matchKnownProblems({ stepId: 'node-ready', lines }).filter((c) => c.startsWith('KP-M16-'));
    expect(only([T16_DIRECT_DIAL])).toEqual(['KP-M16-CONTAINERD-NO-PROXY']);
    expect(only([PROXY_FORBIDDEN])).toEqual(['KP-M16-PROXY-DENIES-REGISTRY']);
    // The kubelet log's klog rendering escapes the inner quotes; the sandbox (pause) image's pull says the same.
    const klogLine = `E1202 13:05:00.000000    4242 pod_workers.go:1301] "Error syncing pod, skipping" err=${JSON.stringify(`failed to "StartContainer" for "calico-node" with ErrImagePull: ${JSON.stringify(PROXY_FORBIDDEN)}`)}`;
    expect(only([klogLine])).toEqual(['KP-M16-PROXY-DENIES-REGISTRY']);
    const sandbox = PROXY_FORBIDDEN.replace(
      'desc = ',
      'desc = failed to get sandbox image "registry.k8s.io/pause:3.10.2": failed to pull image "registry.k8s.io/pause:3.10.2": ',
    );
    expect(only([sandbox])).toEqual(['KP-M16-PROXY-DENIES-REGISTRY']);
    expect(
      only([
        T16_DIRECT_DIAL.replace(
          'i/o timeout',
          'connectex: A connection attempt failed because the connected party did not properly respond',
        ),
      ]),
    ).toEqual(['KP-M16-CONTAINERD-NO-PROXY']);
  });

  it('names the proxy credentials when containerd gets 407 to its CONNECT (the status text alone, as Go reports it)', () => {
    const auth = PROXY_FORBIDDEN.replace(/: Forbidden$/, ': Proxy Authentication Required');
    expect(matchKnownProblems({ lines: [auth] })).toContain('KP-WJ-PROXY-AUTH');
    expect(matchKnownProblems({ lines: [auth] })).not.toContain('KP-M16-PROXY-DENIES-REGISTRY');
  });

  it('leaves other pull failures to others: the registry itself answering 403, a missing tag, an unreachable proxy, the API server', () => {
    const near = [
      // The registry's own 403 (a private image): containerd says "unexpected status", not the proxy's bare status text.
      'failed to pull and unpack image "ghcr.io/acme/app:1.0": failed to resolve reference "ghcr.io/acme/app:1.0": unexpected status from HEAD request to https://ghcr.io/v2/acme/app/manifests/1.0: 403 Forbidden',
      'failed to pull and unpack image "quay.io/calico/node-windows:v9": failed to resolve reference "quay.io/calico/node-windows:v9": quay.io/calico/node-windows:v9: not found',
      'Get "https://192.0.2.10:6443/api/v1/nodes/win-node1": Forbidden',
      'dial tcp 104.18.0.1:443: i/o timeout',
      'nodes "win-node1" is forbidden: User "system:node:win-node1" cannot get resource "nodes"',
    ];
    for (const line of near)
      expect(
        matchKnownProblems({ lines: [line] }).filter((c) => c.startsWith('KP-M16-')),
        line,
      ).toEqual([]);
    // A proxy that cannot be reached at all is the proxy's own problem (KP-T45), not containerd's.
    const unreachable = T16_DIRECT_DIAL.replace(
      'dial tcp 104.18.0.1:443: i/o timeout',
      'proxyconnect tcp: dial tcp 10.0.0.5:3128: connectex: A connection attempt failed',
    );
    expect(matchKnownProblems({ lines: [unreachable] })).toEqual(['KP-T45-PROXY-FOR-CLUSTER']);
  });

  it('ranks the pull failure above the NotReady it causes (no CNI configuration yet)', () => {
    const notReady =
      'node win-node1 not Ready: KubeletNotReady: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';
    expect(matchKnownProblems({ stepId: 'node-ready', lines: [notReady, PROXY_FORBIDDEN] })).toEqual([
      'KP-M16-PROXY-DENIES-REGISTRY',
      'KP-M26-CNI-NOT-INITIALIZED',
    ]);
  });

  it("reads kubeadm join's node-name wording as the node-name problem", () => {
    const line =
      "nodeRegistration.name: Invalid value: \"WIN-NODE01\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    expect(matchKnownProblems({ lines: [line] })[0]).toBe('KP-T44-NODE-NAME-INVALID');
  });
});

describe('matchKnownProblems: ranking', () => {
  it('puts the specific cause before the generic timeout', () => {
    const codes = matchKnownProblems({ stepId: 'kubelet', lines: podCidrLoop, errorCode: 'E_STEP_TIMEOUT' });
    expect(codes).toEqual(['KP-T14-POD-CIDR-WAIT', 'KP-WJ-STEP-TIMEOUT']);
  });

  it('puts a certificate problem before "cluster unreachable"', () => {
    const codes = matchKnownProblems(SAMPLES['KP-T2-API-CERTIFICATE']!);
    expect(codes.indexOf('KP-T2-API-CERTIFICATE')).toBeLessThan(codes.indexOf('KP-WJ-CLUSTER-UNREACHABLE'));
  });

  it('reads the error message as well as the lines', () => {
    expect(matchKnownProblems({ stepId: 'kube-proxy', errorMessage: 'Environment variable KUBE_NETWORK not initialized' })).toEqual([
      'KP-T16-KUBE-NETWORK-UNSET',
    ]);
  });

  it('adapts the runner failure record', () => {
    const codes = matchFailure({
      stepId: 'binaries',
      lines: [],
      exitCode: 1,
      error: { code: 'E_DOWNLOAD_CHECKSUM', message: 'x' },
      checks: [],
    });
    expect(codes).toEqual(['KP-WJ-DOWNLOAD-CHECKSUM']);
  });

  it('reads a multi-line text line by line (an error quoting the log tail)', () => {
    const message = ['node win1 did not become Ready. Last log lines:', ...podCidrLoop].join('\n');
    expect(matchKnownProblems({ stepId: 'kubelet', lines: [message], errorCode: 'E_SCRIPT_ERROR' })[0]).toBe('KP-T14-POD-CIDR-WAIT');
    expect(matchKnownProblems({ stepId: 'kubelet', lines: ['Last log lines:\nNew-HNSNetwork : Element not found.'] })).toContain(
      'KP-T11-HNS-NETWORK-FAILED',
    );
  });

  it('cuts very long lines instead of scanning them whole', () => {
    const long = 'A'.repeat(100_000) + 'Environment variable KUBE_NETWORK not initialized';
    expect(matchKnownProblems({ stepId: 'kube-proxy', lines: [long] })).toEqual([]);
  });
});

describe('kubeadm CA pin messages', () => {
  it('matches both wordings: pubkeypin.CheckAny today ("none of the public keys ... are pinned") and older kubeadm ("public key ... not pinned")', () => {
    const today =
      'error execution phase preflight: couldn\'t validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "sha256:345959acb2c3b2feb87d281961c893f62a314207ef02599f1cc4a5fb255480b3" are pinned';
    expect(matchKnownProblems({ lines: [today], exitCode: 1 })).toContain('KP-WJ-JOIN-CA-PIN');
    expect(
      matchKnownProblems({ lines: ['cluster CA found in cluster-info ConfigMap is invalid: x509: malformed certificate'], exitCode: 1 }),
    ).not.toContain('KP-WJ-JOIN-CA-PIN');
  });
});
