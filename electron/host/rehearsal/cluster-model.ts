/**
 * The simulated cluster's objects, as JSON the API server serves unchanged.
 * Only the fields the steps, the stand-in binaries and the cluster client
 * read are modelled; everything else a manifest carries is kept as given.
 */
import type { RecipeId } from '../../../shared/answers.js';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export interface NodeObject {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: ObjectMeta;
  spec: { podCIDR?: string; [key: string]: unknown };
  status: {
    conditions: Condition[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: Record<string, string>;
    [key: string]: unknown;
  };
}

export interface PodObject {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta & { namespace: string };
  spec: {
    nodeName?: string;
    nodeSelector?: Record<string, string>;
    containers: { name: string; image: string; ports?: { containerPort: number; hostPort?: number }[]; [key: string]: unknown }[];
    [key: string]: unknown;
  };
  status: {
    phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
    podIP?: string;
    hostIP?: string;
    conditions?: Condition[];
    [key: string]: unknown;
  };
}

export interface ServiceObject {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: ObjectMeta & { namespace: string };
  spec: { clusterIP?: string; ports?: unknown[]; selector?: Record<string, string>; [key: string]: unknown };
  status: Record<string, unknown>;
}

export interface DeploymentObject {
  apiVersion: string;
  kind: 'Deployment';
  metadata: ObjectMeta & { namespace: string };
  spec: {
    replicas?: number;
    template: { metadata?: { labels?: Record<string, string> }; spec: PodObject['spec'] };
    [key: string]: unknown;
  };
  status: Record<string, unknown>;
}

/**
 * Any other object (ConfigMaps, Secrets, DaemonSets, CSRs, Calico CRs...):
 * kept as the client sent it, with the metadata the server assigns.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface ClusterState {
  schema: 1;
  /** Which world this is; absent in state files written before containerd-kubeadm existed (docker-sdn). */
  recipe?: RecipeId;
  serverVersion: string;
  clusterCidr: string;
  serviceCidr: string;
  masterIp: string;
  /** The controller-manager's --allocate-node-cidrs, set by the scenario. */
  allocateNodeCidrs: boolean;
  counter: number;
  nodes: NodeObject[];
  services: ServiceObject[];
  deployments: DeploymentObject[];
  pods: PodObject[];
  /** Objects of the generic resources (cluster-resources.ts), by resource key ("v1/configmaps", "apps/v1/daemonsets"...). */
  objects?: Record<string, KubeObject[]>;
}

export type NamespacedObject = PodObject | ServiceObject | DeploymentObject;
