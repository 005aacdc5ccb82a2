// Stand-in kubelet.exe: registers the node, reports Ready once its network
// is, and runs the pods bound to it. Run by the docker-sdn start-kubelet.ps1
// (a kubeconfig, Docker): Ready once the CNI config that script writes exists
// and the node has a pod CIDR; pods run (with an IP from the pod CIDR) when
// the kubeletwin/pause image exists. Run with --bootstrap-kubeconfig (the
// kubeadm flags of containerd-kubeadm): see kubelet-containerd.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { VERSION, apiClient, klog, readJson, rehearsalFile, sleep, stayAlive } from './common.mjs';
import { KubeletExit, containerdRuntime } from './kubelet-containerd.mjs';

function flag(name, fallback = '') {
  const prefix = `--${name}=`;
  const arg = process.argv.slice(2).find((a) => a.startsWith(prefix));
  return arg === undefined ? fallback : arg.slice(prefix.length).replace(/^"|"$/g, '');
}

function hasImage(machine, repository) {
  return (machine.docker?.images ?? []).some((i) => i.repository === repository);
}

/** The docker-sdn node: Docker runs the pods, start-kubelet.ps1 writes the CNI config. */
function dockerRuntime() {
  const cniDir = flag('cni-conf-dir');
  return {
    kubeconfig: flag('kubeconfig'),
    runtimeVersion: 'docker://17.6.2',
    osImage: 'Windows Server Datacenter',
    networkReady(node) {
      const cniReady = Boolean(cniDir) && fs.existsSync(path.join(cniDir, 'L2Bridge.conf'));
      return {
        ready: Boolean(node?.spec?.podCIDR) && cniReady,
        message:
          'runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized',
      };
    },
    startPod(pod, _node, allocate) {
      if (!hasImage(readJson(rehearsalFile('machine.json'), {}), 'kubeletwin/pause')) {
        klog(
          'E',
          `pod_workers.go:186] Error syncing pod ${pod.metadata.uid}: failed to "CreatePodSandbox": image kubeletwin/pause not found`,
        );
        return null;
      }
      return allocate();
    },
  };
}

async function main() {
  if (process.argv.includes('--version')) {
    process.stdout.write(`Kubernetes v${VERSION}\n`);
    return;
  }
  stayAlive();
  const name = flag('hostname-override').toLowerCase();
  const kubeadm = process.argv.some((a) => a.startsWith('--bootstrap-kubeconfig='));
  const runtime = kubeadm ? await containerdRuntime(name) : dockerRuntime();
  const request = apiClient(runtime.kubeconfig);
  const faults = readJson(rehearsalFile('scenario.json'), { faults: {} }).faults ?? {};
  const machine0 = readJson(rehearsalFile('machine.json'), {});
  const nodeIp = machine0.adapters?.[0]?.ipv4 ?? '';
  klog('I', `feature gates: map[]`);
  klog('I', `Version: v${VERSION}`);
  const registered = await request('POST', '/api/v1/nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/os': 'windows',
        'kubernetes.io/os': 'windows',
        'beta.kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
      },
    },
    spec: {},
    status: {
      addresses: [
        { type: 'InternalIP', address: nodeIp },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        operatingSystem: 'windows',
        architecture: 'amd64',
        kubeletVersion: `v${VERSION}`,
        osImage: runtime.osImage,
        containerRuntimeVersion: runtime.runtimeVersion,
      },
      conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready' }],
    },
  });
  klog('I', registered.status === 201 ? `Successfully registered node ${name}` : `Node ${name} was previously registered`);
  let flooded = false;
  /** Pods this kubelet has started: one bound while it was down is started again, whatever its recorded phase. */
  const started = new Set();
  /** What each waiting pod's status last said, so it is patched only when that changes. */
  const reported = new Map();
  for (;;) {
    const node = (await request('GET', `/api/v1/nodes/${name}`)).json;
    const network = runtime.networkReady(node);
    const ready = network.ready;
    await request('PATCH', `/api/v1/nodes/${name}/status`, {
      status: {
        conditions: [
          ready
            ? {
                type: 'Ready',
                status: 'True',
                reason: 'KubeletReady',
                message: 'kubelet is posting ready status',
                lastHeartbeatTime: new Date().toISOString(),
              }
            : {
                type: 'Ready',
                status: 'False',
                reason: 'KubeletNotReady',
                message: network.message,
                lastHeartbeatTime: new Date().toISOString(),
              },
        ],
      },
    });
    if (ready && !flooded) {
      flooded = true;
      const lines = Number(faults.kubeletLogLines ?? 20);
      const chunk = [];
      for (let i = 0; i < lines; i++) {
        chunk.push(`I0101 00:00:00.000000    ${process.pid} kubelet.go:1871] SyncLoop (housekeeping) ${i + 1}`);
        if (chunk.length === 10_000 || i === lines - 1) {
          const text = chunk.join('\n') + '\n';
          chunk.length = 0;
          if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
        }
      }
    }
    // Host-network pods (the CNI DaemonSet) run before the network is ready: they are what makes it ready.
    if (ready || runtime.hostNetworkFirst) await runPods(request, node, runtime, started, reported);
    // kubelet's default nodeStatusUpdateFrequency. Every simulated second (10 ms real) cost three TLS
    // requests and competed for the CPU with what the rehearsal is there to exercise.
    await sleep(10);
  }
}

async function runPods(request, node, runtime, started, reported) {
  runtime.beginSync?.();
  const name = node.metadata.name;
  const pods = (await request('GET', `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${name}`)}`)).json?.items ?? [];
  const prefix = (node.spec?.podCIDR ?? '').split('/')[0].split('.').slice(0, 3).join('.');
  const taken = new Set(pods.map((p) => p.status?.podIP).filter(Boolean));
  const allocate = () => {
    let host = 3;
    while (taken.has(`${prefix}.${host}`)) host++;
    taken.add(`${prefix}.${host}`);
    return `${prefix}.${host}`;
  };
  const keyOf = (pod) => pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const pod of pods) {
    const key = keyOf(pod);
    // A container that exited stays exited (restartPolicy Never).
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    if (started.has(key) || (pod.status?.phase === 'Running' && !runtime.resyncsRunningPods)) continue;
    const result = await runtime.startPod(pod, node, allocate);
    if (result?.waiting) {
      await reportWaiting(request, pod, result.waiting, reported);
      continue;
    }
    const podIP = result;
    if (!podIP) continue;
    started.add(key);
    if (runtime.runsToCompletion?.(pod)) {
      await runToCompletion(request, runtime, pod, podIP, {
        kubeProxyHere: pods.some((p) => p.metadata.name.startsWith('kube-proxy-windows-') && started.has(keyOf(p))),
      });
      continue;
    }
    if (pod.status?.phase === 'Running') continue;
    await request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, {
      status: { phase: 'Running', podIP, startTime: new Date().toISOString(), conditions: [{ type: 'Ready', status: 'True' }] },
    });
    klog('I', `kubelet.go:1896] SyncLoop (PLEG): "${pod.metadata.name}_${pod.metadata.namespace}", event: ContainerStarted`);
  }
}

/** A container that cannot start yet (its image pull failed): the pod's status says why, as kubelet's status manager does, once per change. */
async function reportWaiting(request, pod, waiting, reported) {
  const key = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
  const said = `${waiting.reason}\n${waiting.message}`;
  if (reported.get(key) === said) return;
  reported.set(key, said);
  await request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, {
    status: {
      phase: 'Pending',
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${waiting.container}]` },
      ],
      containerStatuses: [
        {
          name: waiting.container,
          image: waiting.image,
          imageID: '',
          ready: false,
          started: false,
          restartCount: 0,
          state: { waiting: { reason: waiting.reason, message: waiting.message } },
        },
      ],
    },
  });
}

/** Runs a container that exits, then records how it ended, as the kubelet's status manager does. */
async function runToCompletion(request, runtime, pod, podIP, network) {
  const startedAt = new Date().toISOString();
  klog('I', `kubelet.go:1896] SyncLoop (PLEG): "${pod.metadata.name}_${pod.metadata.namespace}", event: ContainerStarted`);
  const exitCode = await runtime.runToCompletion(pod, { request, ...network });
  const container = pod.spec.containers[0];
  await request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, {
    status: {
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      podIP,
      startTime: startedAt,
      conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }],
      containerStatuses: [
        {
          name: container.name,
          image: container.image,
          ready: false,
          restartCount: 0,
          state: {
            terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt, finishedAt: new Date().toISOString() },
          },
        },
      ],
    },
  });
  klog('I', `kubelet.go:1896] SyncLoop (PLEG): "${pod.metadata.name}_${pod.metadata.namespace}", event: ContainerDied`);
}

main().catch((error) => {
  if (error instanceof KubeletExit) process.stderr.write(`E${new Date().toISOString()} ${process.pid} run.go:72] ${error.message}\n`);
  else klog('F', error.message);
  process.exit(1);
});
