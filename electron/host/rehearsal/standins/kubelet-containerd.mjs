// The stand-in kubelet.exe as a kubeadm-joined node runs it (containerd-kubeadm):
// started by start-kubelet-kubeadm.ps1 with kubeadm's flags file, it refuses the
// flags Windows or its version rejects (T6, T7), needs kubeadm's config.yaml,
// containerd answering on its pipe, and credentials: kubelet.conf, or the
// bootstrap kubeconfig to TLS-bootstrap with (T27). The network is ready once a
// CNI config sits in containerd's conf_dir (T26), which the calico-node-windows
// pod writes when this kubelet runs it, together with the HNS network "Calico"
// that kube-proxy-windows waits for (T2). WinJoin's network-check pod runs to
// completion against the simulated pod network (pod-network.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { VERSION, klog, machinePath, readJson, rehearsalFile, sleep } from './common.mjs';
import { pullImage } from './image-pull.mjs';
import { isNetworkCheck, runNetworkCheck, writeContainerLog } from './pod-network.mjs';
import { tlsBootstrap } from './tls-bootstrap.mjs';

/** A reason kubelet exits at start-up, in its own words (what the service log then shows). */
export class KubeletExit extends Error {}

function argValue(name) {
  const prefix = `--${name}=`;
  const arg = process.argv.slice(2).find((a) => a.startsWith(prefix));
  return arg === undefined ? null : arg.slice(prefix.length).replace(/^"|"$/g, '');
}

function minor() {
  return Number(VERSION.split('.')[1]);
}

function containerdState() {
  const machine = readJson(rehearsalFile('machine.json'), {});
  const key = Object.keys(machine.services ?? {}).find((k) => k.toLowerCase() === 'containerd');
  const running = Boolean(key) && machine.services[key].status === 'Running';
  const readyAt = machine.containerd?.pipeReadyAt;
  return { running: running && (!readyAt || Date.parse(readyAt) <= Date.now()), config: machine.containerd ?? {}, machine };
}

function checkFlags() {
  // Flags removed from kubelet: the real one stops at flag parsing with these words.
  const removed = [
    ['pod-infra-container-image', 34],
    ['network-plugin', 24],
    ['image-pull-progress-deadline', 24],
  ];
  for (const [name, since] of removed) {
    if (minor() >= since && argValue(name) !== null) throw new KubeletExit(`failed to parse kubelet flag: unknown flag: --${name}`);
  }
  const problems = [];
  if (argValue('cgroups-per-qos') !== 'false') problems.push('CgroupsPerQOS (--cgroups-per-qos) true is not supported on Windows');
  if (argValue('enforce-node-allocatable') !== '')
    problems.push('EnforceNodeAllocatable (--enforce-node-allocatable) [pods] is not supported on Windows');
  if (problems.length)
    throw new KubeletExit(
      `"command failed" err="failed to validate kubelet configuration, error: [invalid configuration: ${problems.join(', invalid configuration: ')}]"`,
    );
}

/** Checks what the real kubelet needs before it talks to the cluster; returns the runtime the main loop drives. */
export async function containerdRuntime(nodeName) {
  checkFlags();
  const config = argValue('config');
  if (!config || !fs.existsSync(machinePath(config, { slashRooted: true }))) {
    throw new KubeletExit(
      `"command failed" err="failed to load kubelet config file, path: ${config}, error: failed to load Kubelet config file ${config}, error failed to read kubelet config file \\"${config}\\", error: open ${config}: The system cannot find the path specified."`,
    );
  }
  const endpoint = argValue('container-runtime-endpoint');
  if (!endpoint) throw new KubeletExit('"command failed" err="failed to run Kubelet: --container-runtime-endpoint is not set"');
  for (let waited = 0; !containerdState().running; waited++) {
    if (waited >= 2) {
      throw new KubeletExit(
        `"command failed" err="failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint \\"${endpoint}\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: open \\\\\\\\.\\\\pipe\\\\containerd-containerd: The system cannot find the file specified.\\""`,
      );
    }
    await sleep(2);
  }
  const kubeconfig = argValue('kubeconfig') ?? '/etc/kubernetes/kubelet.conf';
  if (!fs.existsSync(machinePath(kubeconfig, { slashRooted: true }))) {
    const bootstrap = argValue('bootstrap-kubeconfig');
    if (!bootstrap || !fs.existsSync(machinePath(bootstrap, { slashRooted: true }))) {
      throw new KubeletExit(
        `"command failed" err="failed to run Kubelet: unable to load bootstrap kubeconfig: stat ${bootstrap ?? '""'}: The system cannot find the file specified."`,
      );
    }
    klog('I', 'bootstrap.go:90] "Client rotation is on, will bootstrap in background"');
    await tlsBootstrap({
      bootstrapKubeconfig: machinePath(bootstrap, { slashRooted: true }),
      kubeconfig,
      certDir: argValue('cert-dir') ?? 'C:\\var\\lib\\kubelet\\pki',
      nodeName,
    });
  }
  const { config: containerd } = containerdState();
  const cniConfigured = () => {
    const confDir = containerd.cniConfDir ? machinePath(containerd.cniConfDir) : null;
    return Boolean(confDir) && fs.existsSync(confDir) && fs.readdirSync(confDir).some((f) => /\.(conf|conflist|json)$/.test(f));
  };
  return {
    hostNetworkFirst: true,
    // The DaemonSet pods are recorded Running when bound; what running them does on this host happens here.
    resyncsRunningPods: true,
    kubeconfig: machinePath(kubeconfig, { slashRooted: true }),
    runtimeVersion: `containerd://${containerd.version ?? ''}`,
    osImage: 'Windows Server 2022 Datacenter',
    networkReady() {
      return {
        ready: cniConfigured(),
        message:
          'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
      };
    },
    startPod: (pod, node, allocate) => startPod(pod, node, allocate, containerd, cniConfigured),
    beginSync: imagePullSync,
    // A container that exits (restartPolicy Never): only WinJoin's network check is one this stand-in can run.
    runsToCompletion: (pod) => isNetworkCheck(pod),
    async runToCompletion(pod, { request, kubeProxyHere }) {
      const podNetworkUp = Boolean(hnsNetwork('Calico')) && cniConfigured();
      writeContainerLog(pod, await runNetworkCheck(pod, { request, kubeletConfig: config, kubeProxyHere, podNetworkUp }));
      return 0;
    },
  };
}

function hnsNetwork(name) {
  const machine = readJson(rehearsalFile('machine.json'), {});
  return (machine.hns?.networks ?? []).find((n) => String(n.Name).toLowerCase() === name.toLowerCase()) ?? null;
}

function nodeIp(node) {
  return (node.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '';
}

/** Images containerd has (pulled by this kubelet's pods; the store outlives a pod). */
const pulledImages = new Set();
/** Per pod and image (kubelet's back-off key): failed pulls so far, the sync to retry at, and the last error. */
const pullBackOff = new Map();
let syncs = 0;

/** klog's rendering of a structured value: Go's %q. */
function quoted(text) {
  return JSON.stringify(text);
}

/**
 * Pulls an image for a pod unless it is there or backing off. Returns null when the image is present,
 * else the waiting state kubelet reports for the container: ErrImagePull with the runtime's error on a
 * failed pull, then ImagePullBackOff with that error (kubelet >= 1.32 keeps it in the message) until
 * the back-off (10 s doubling to 300 s; one sync here is 10 s) lets it try again.
 */
async function ensureImage(pod, image, environment) {
  if (pulledImages.has(image)) return null;
  const key = `${pod.metadata.uid ?? pod.metadata.name}_${image}`;
  const backOff = pullBackOff.get(key);
  if (backOff && syncs < backOff.retryAt) {
    return { reason: 'ImagePullBackOff', message: `Back-off pulling image ${quoted(image)}: ErrImagePull: ${backOff.message}` };
  }
  const error = await pullImage(image, environment);
  if (error === null) {
    pulledImages.add(image);
    pullBackOff.delete(key);
    return null;
  }
  const failures = (backOff?.failures ?? 0) + 1;
  const message = `rpc error: code = Unknown desc = ${error}`;
  pullBackOff.set(key, { failures, retryAt: syncs + Math.min(2 ** (failures - 1), 30), message });
  return { reason: 'ErrImagePull', message };
}

/**
 * The images a pod needs from the registries: the sandbox (pause) image containerd's config names, then
 * its containers'. A sandbox that cannot be pulled stops the pod before any container (FailedCreatePodSandBox);
 * a container image that cannot be pulled is that container's waiting state.
 */
async function pullPodImages(pod, containerd) {
  const environment = containerdState().config.environment ?? {};
  const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const sandbox = containerd.sandboxImage || 'registry.k8s.io/pause:3.10.2';
  const sandboxWait = await ensureImage(pod, sandbox, environment);
  if (sandboxWait) {
    if (sandboxWait.reason === 'ErrImagePull')
      klog(
        'E',
        `kuberuntime_sandbox.go:72] "Failed to create sandbox for pod" err=${quoted(sandboxWait.message.replace('desc = ', `desc = failed to get sandbox image ${quoted(sandbox)}: failed to pull image ${quoted(sandbox)}: `))} pod="${ref}"`,
      );
    return { sandbox: true };
  }
  for (const container of pod.spec?.containers ?? []) {
    const waiting = await ensureImage(pod, container.image, environment);
    if (!waiting) continue;
    if (waiting.reason === 'ErrImagePull')
      klog(
        'E',
        `pod_workers.go:1301] "Error syncing pod, skipping" err=${quoted(`failed to "StartContainer" for ${quoted(container.name)} with ErrImagePull: ${quoted(waiting.message)}`)} pod="${ref}" podUID="${pod.metadata.uid ?? ''}"`,
      );
    return { waiting: { container: container.name, image: container.image, ...waiting } };
  }
  return null;
}

/** Counts kubelet's sync loops, the clock of the image pull back-off. */
function imagePullSync() {
  syncs++;
}

/**
 * What running a pod does on this host; returns its IP, null when it cannot run yet (said in the log),
 * or the waiting state of a container whose image cannot be pulled.
 */
async function startPod(pod, node, allocate, containerd, cniConfigured) {
  if (!containerdState().running) {
    klog(
      'E',
      `pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"CreatePodSandbox\\": rpc error: code = Unavailable" pod="${pod.metadata.namespace}/${pod.metadata.name}"`,
    );
    return null;
  }
  const name = pod.metadata.name;
  // Behind a proxy-only network every pull is a real question to the rehearsal's proxy (T16 without one in
  // containerd's service environment; a 403 from a proxy whose allow-list lacks the registry).
  const faults = readJson(rehearsalFile('scenario.json'), { faults: {} }).faults ?? {};
  if (faults.requireProxy) {
    const pull = await pullPodImages(pod, containerd);
    if (pull?.sandbox) return null;
    if (pull?.waiting) return { waiting: pull.waiting };
  }
  if (name.startsWith('calico-node-windows')) return startCalicoNode(node, containerd);
  if (name.startsWith('kube-proxy-windows')) {
    // start.ps1 waits for the HNS network Calico and takes its source VIP from Calico_ep (T2, T3).
    if (!hnsNetwork('Calico')) {
      klog('I', `kuberuntime_manager.go:1050] "Waiting for HNS network Calico" pod="${pod.metadata.namespace}/${name}"`);
      return null;
    }
    return nodeIp(node);
  }
  if (pod.spec?.hostNetwork) return nodeIp(node);
  // A pod on the pod network needs the CNI config: until then the real kubelet does not even create its sandbox.
  return cniConfigured() ? allocate() : null;
}

function startCalicoNode(node, containerd) {
  const podCidr = node.spec?.podCIDR;
  if (!podCidr) {
    klog('E', 'pod_workers.go:1301] "Error syncing pod, skipping" err="calico-node-windows: no IPAM block for this node"');
    return null;
  }
  // install-cni writes the CNI config where containerd reads it; the config dir comes from containerd's config.toml.
  if (containerd.cniConfDir) {
    const confDir = machinePath(containerd.cniConfDir);
    fs.mkdirSync(confDir, { recursive: true });
    const conflist = {
      name: 'Calico',
      cniVersion: '0.3.1',
      plugins: [{ type: 'calico', mode: 'vxlan', vxlan_vni: 4096, ipam: { type: 'calico-ipam', subnet: 'usePodCidr' } }],
    };
    fs.writeFileSync(path.join(confDir, '10-calico.conflist'), JSON.stringify(conflist, null, 2) + '\n');
  }
  if (!hnsNetwork('Calico')) {
    // The HostProcess container runs on the host: its HNS calls are the simulated host's.
    const gateway = podCidr.split('/')[0].replace(/\.\d+$/, '.1');
    const pwsh = process.env.WINJOIN_REHEARSAL_PWSH || 'pwsh';
    const result = spawnSync(
      pwsh,
      [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        `Import-Module $env:WINJOIN_REHEARSAL_MODULE -DisableNameChecking; New-HNSNetwork -Type Overlay -Name Calico -AddressPrefix '${podCidr}' -Gateway '${gateway}' | Out-Null`,
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) {
      klog('E', `calico-node-windows: creating the HNS network Calico failed: ${(result.stderr || result.stdout || '').trim()}`);
      return null;
    }
  }
  return nodeIp(node);
}
