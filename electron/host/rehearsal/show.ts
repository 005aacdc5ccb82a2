/**
 * `winjoin rehearsal show`: what the simulated machine and cluster look like
 * now, read from their JSON state (no servers needed, so it works between
 * runs and after a simulated restart).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterState } from './cluster-model.js';
import { readMachineState } from './machine-state.js';
import { rehearsalLayout, toWindowsPath } from './paths.js';

export interface MachineSnapshot {
  simulated: true;
  scenario: string | null;
  hostName: string;
  osBuild: number;
  pendingRestart: boolean;
  machineEnv: Record<string, string>;
  userEnv: Record<string, string>;
  /** Files under the install dir, as Windows paths (C:\k\...). */
  installDirFiles: string[];
  dockerImages: string[];
  services: { name: string; status: string; startType: string }[];
  hnsNetworks: { name: string; type: string; addressPrefix: string }[];
  firewallRules: { name: string; direction: string; action: string; protocol: string; localPort: string }[];
  routes: { destinationPrefix: string; nextHop: string; interfaceAlias: string }[];
  nodes: { name: string; ready: boolean; podCIDR: string | null; os: string }[];
  /** waiting: why a container of the pod does not run yet, as kubelet reported it (ErrImagePull and its message), else null. */
  pods: {
    name: string;
    phase: string;
    podIP: string | null;
    nodeName: string | null;
    waiting: { reason: string; message: string } | null;
  }[];
  /** DaemonSets of the containerd-kubeadm world (kube-proxy-windows once WinJoin applied it, Calico's). */
  daemonSets: { namespace: string; name: string; desired: number; ready: number }[];
}

type ContainerStatus = { state?: { waiting?: { reason?: string; message?: string } } };

function containerWaiting(status: Record<string, unknown>): { reason: string; message: string } | null {
  const statuses = [status.initContainerStatuses, status.containerStatuses].flatMap((s) =>
    Array.isArray(s) ? (s as ContainerStatus[]) : [],
  );
  const waiting = statuses.map((s) => s.state?.waiting).find((w) => w?.reason);
  return waiting ? { reason: waiting.reason ?? '', message: waiting.message ?? '' } : null;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

function pidAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readSnapshot(stateDir: string, installDir = 'C:\\k'): MachineSnapshot {
  const layout = rehearsalLayout(stateDir);
  if (!fs.existsSync(layout.machineState)) throw new Error(`no rehearsal in ${stateDir}: run "winjoin join --rehearsal" first`);
  const machine = readMachineState(layout.machineState);
  const cluster = fs.existsSync(layout.clusterState) ? (JSON.parse(fs.readFileSync(layout.clusterState, 'utf8')) as ClusterState) : null;
  const scenario = fs.existsSync(layout.scenarioFile)
    ? (JSON.parse(fs.readFileSync(layout.scenarioFile, 'utf8')) as { name: string }).name
    : null;
  const installRoot = path.join(
    layout.machineRoot,
    ...installDir
      .replace(/^([A-Za-z]):/, '$1')
      .split(/[\\/]+/)
      .filter(Boolean),
  );
  return {
    simulated: true,
    scenario,
    hostName: machine.hostName,
    osBuild: machine.os.build,
    pendingRestart: machine.pendingRestart,
    machineEnv: machine.machineEnv,
    userEnv: machine.userEnv,
    installDirFiles: listFiles(installRoot)
      .map((f) => toWindowsPath(layout.machineRoot, f))
      .sort(),
    dockerImages: machine.docker.images.map((i) => `${i.repository}:${i.tag}`).sort(),
    services: Object.values(machine.services)
      .map((s) => ({
        name: s.name,
        status: s.kind === 'nssm' ? (pidAlive(s.pid) ? 'Running' : 'Stopped') : s.status,
        startType: s.startType,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    hnsNetworks: machine.hns.networks.map((n) => ({
      name: String(n.Name),
      type: String(n.Type),
      addressPrefix: String((n.Subnets as { AddressPrefix?: string }[] | undefined)?.[0]?.AddressPrefix ?? ''),
    })),
    firewallRules: Object.entries(machine.firewallRules ?? {})
      .map(([name, r]) => ({ name, direction: r.direction, action: r.action, protocol: r.protocol, localPort: String(r.localPort) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    routes: machine.routes,
    nodes: (cluster?.nodes ?? []).map((n) => ({
      name: n.metadata.name,
      ready: n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
      podCIDR: n.spec.podCIDR ?? null,
      os: n.metadata.labels?.['kubernetes.io/os'] ?? n.metadata.labels?.['beta.kubernetes.io/os'] ?? '',
    })),
    pods: (cluster?.pods ?? []).map((p) => ({
      name: p.metadata.name,
      phase: p.status.phase,
      podIP: p.status.podIP ?? null,
      nodeName: p.spec.nodeName ?? null,
      waiting: containerWaiting(p.status),
    })),
    daemonSets: (cluster?.objects?.['apps/v1/daemonsets'] ?? []).map((d) => {
      const status = (d.status ?? {}) as { desiredNumberScheduled?: number; numberReady?: number };
      return {
        namespace: d.metadata.namespace ?? '',
        name: d.metadata.name,
        desired: status.desiredNumberScheduled ?? 0,
        ready: status.numberReady ?? 0,
      };
    }),
  };
}
