/**
 * The simulated cluster's JSON state on disk. Only the API server writes it
 * (atomically, after every change), so a CLI restart or a simulated machine
 * restart comes back to the same nodes, services and pods.
 */
import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import type { ClusterState, NodeObject, ServiceObject } from './cluster-model.js';
import { newMeta, reconcile } from './cluster-controller.js';
import { nextFreeAddress } from './ipv4.js';
import { seedKubeadmWorld, type KubeadmWorldOptions } from './kubeadm-world.js';

export interface ClusterConfig {
  serverVersion: string;
  clusterCidr: string;
  serviceCidr: string;
  dnsServiceIp: string;
  masterIp: string;
  allocateNodeCidrs: boolean;
  /** A containerd-kubeadm world (kubeadm + Calico objects); absent: the 2018 docker-sdn world. */
  kubeadm?: Pick<KubeadmWorldOptions, 'caPem' | 'apiServer' | 'faults'>;
}

function masterNode(state: ClusterState, config: ClusterConfig): NodeObject {
  const kubeadm = Boolean(config.kubeadm);
  const name = kubeadm ? 'control-plane-1' : 'kube-master';
  const now = new Date().toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: newMeta(state, name, undefined, {
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/os': 'linux',
      'beta.kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      ...(kubeadm ? { 'node-role.kubernetes.io/control-plane': '' } : { 'node-role.kubernetes.io/master': '' }),
    }),
    spec: { podCIDR: nextCidrForMaster(config.clusterCidr) },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [
        { type: 'InternalIP', address: config.masterIp },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        operatingSystem: 'linux',
        architecture: 'amd64',
        kubeletVersion: config.serverVersion,
        osImage: kubeadm ? 'Ubuntu 24.04.3 LTS' : 'Ubuntu 16.04.3 LTS',
        containerRuntimeVersion: kubeadm ? 'containerd://2.1.4' : 'docker://17.3.2',
      },
    },
  };
}

function nextCidrForMaster(clusterCidr: string): string {
  // The master registered first, so it holds the first /24 (192.168.0.0/24 for the guide's CIDR).
  return `${clusterCidr.split('/')[0]}/24`;
}

function service(
  state: ClusterState,
  name: string,
  namespace: string,
  clusterIP: string,
  ports: unknown[],
  labels?: Record<string, string>,
): ServiceObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...newMeta(state, name, namespace, labels), namespace },
    spec: { clusterIP, ports, type: 'ClusterIP' },
    status: {},
  };
}

export function initialClusterState(config: ClusterConfig): ClusterState {
  const state: ClusterState = {
    schema: 1,
    serverVersion: config.serverVersion,
    clusterCidr: config.clusterCidr,
    serviceCidr: config.serviceCidr,
    masterIp: config.masterIp,
    allocateNodeCidrs: config.allocateNodeCidrs,
    counter: 100,
    nodes: [],
    services: [],
    deployments: [],
    pods: [],
  };
  state.nodes.push(masterNode(state, config));
  state.services.push(
    service(
      state,
      'kubernetes',
      'default',
      nextFreeAddress(config.serviceCidr, [], 1) ?? '',
      [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      { component: 'apiserver', provider: 'kubernetes' },
    ),
  );
  state.services.push(
    service(
      state,
      'kube-dns',
      'kube-system',
      config.dnsServiceIp,
      [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
      { 'k8s-app': 'kube-dns' },
    ),
  );
  if (config.kubeadm) {
    seedKubeadmWorld(state, {
      ...config.kubeadm,
      serverVersion: config.serverVersion,
      clusterCidr: config.clusterCidr,
      serviceCidr: config.serviceCidr,
      dnsServiceIp: config.dnsServiceIp,
    });
    reconcile(state);
  }
  return state;
}

export function loadClusterState(file: string, config: ClusterConfig): ClusterState {
  if (!fs.existsSync(file)) return initialClusterState(config);
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as ClusterState;
  // A state of the other recipe's world is not this cluster: start a fresh one.
  if ((state.recipe ?? 'docker-sdn') !== (config.kubeadm ? 'containerd-kubeadm' : 'docker-sdn')) return initialClusterState(config);
  // The scenario and version may differ on a later start; the objects stay.
  state.serverVersion = config.serverVersion;
  state.allocateNodeCidrs = config.allocateNodeCidrs;
  return state;
}

export function saveClusterState(file: string, state: ClusterState): void {
  writeFileAtomic.sync(file, JSON.stringify(state, null, 2) + '\n');
}
