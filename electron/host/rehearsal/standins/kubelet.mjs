// Stand-in kubelet.exe: registers the node, reports Ready once the CNI
// config start-kubelet.ps1 writes exists and the node has a pod CIDR, and
// runs the pods bound to it (Running with an IP from the pod CIDR) when the
// kubeletwin/pause image exists on the simulated machine.
import fs from 'node:fs';
import path from 'node:path';
import { VERSION, apiClient, klog, readJson, rehearsalFile, sleep, stayAlive } from './common.mjs';

function flag(name, fallback = '') {
  const prefix = `--${name}=`;
  const arg = process.argv.slice(2).find((a) => a.startsWith(prefix));
  return arg === undefined ? fallback : arg.slice(prefix.length).replace(/^"|"$/g, '');
}

function hasImage(machine, repository) {
  return (machine.docker?.images ?? []).some((i) => i.repository === repository);
}

async function main() {
  if (process.argv.includes('--version')) {
    process.stdout.write(`Kubernetes v${VERSION}\n`);
    return;
  }
  stayAlive();
  const name = flag('hostname-override').toLowerCase();
  const request = apiClient(flag('kubeconfig'));
  const cniDir = flag('cni-conf-dir');
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
        osImage: 'Windows Server Datacenter',
        containerRuntimeVersion: 'docker://17.6.2',
      },
      conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready' }],
    },
  });
  klog('I', registered.status === 201 ? `Successfully registered node ${name}` : `Node ${name} was previously registered`);
  let flooded = false;
  for (;;) {
    const node = (await request('GET', `/api/v1/nodes/${name}`)).json;
    const cniReady = Boolean(cniDir) && fs.existsSync(path.join(cniDir, 'L2Bridge.conf'));
    const ready = Boolean(node?.spec?.podCIDR) && cniReady;
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
                message:
                  'runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized',
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
    if (ready) await runPods(request, name, node.spec.podCIDR);
    // kubelet's default nodeStatusUpdateFrequency. Every simulated second (10 ms real) cost three TLS
    // requests and competed for the CPU with what the rehearsal is there to exercise.
    await sleep(10);
  }
}

async function runPods(request, name, podCidr) {
  const machine = readJson(rehearsalFile('machine.json'), {});
  const pods = (await request('GET', `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${name}`)}`)).json?.items ?? [];
  const prefix = podCidr.split('/')[0].split('.').slice(0, 3).join('.');
  const taken = new Set(pods.map((p) => p.status.podIP).filter(Boolean));
  for (const pod of pods) {
    if (pod.status.phase === 'Running') continue;
    if (!hasImage(machine, 'kubeletwin/pause')) {
      klog(
        'E',
        `pod_workers.go:186] Error syncing pod ${pod.metadata.uid}: failed to "CreatePodSandbox": image kubeletwin/pause not found`,
      );
      continue;
    }
    let host = 3;
    while (taken.has(`${prefix}.${host}`)) host++;
    const podIP = `${prefix}.${host}`;
    taken.add(podIP);
    await request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, {
      status: { phase: 'Running', podIP, startTime: new Date().toISOString(), conditions: [{ type: 'Ready', status: 'True' }] },
    });
    klog('I', `kubelet.go:1896] SyncLoop (PLEG): "${pod.metadata.name}_${pod.metadata.namespace}", event: ContainerStarted`);
  }
}

main().catch((error) => {
  klog('F', error.message);
  process.exit(1);
});
