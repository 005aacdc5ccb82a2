/**
 * The simulated Windows Server machine as it is before a join: what the
 * PowerShell module (electron/powershell/rehearsal) reads and changes. Node
 * writes it once per rehearsal dir, and again only for a simulated restart.
 */
import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import type { FaultSwitches } from './scenarios.js';
import { endProcessTrees } from './process-tree.js';

export interface MachineState {
  schema: 1;
  hostName: string;
  elevated: boolean;
  os: { build: number; ubr: number; productName: string; installationType: string };
  freeBytes: number;
  pendingRestart: boolean;
  /** Set by a simulated restart; the module starts Automatic services at the next step ("boot"). */
  bootPending: boolean;
  /** Set when a rehearsal reopens this machine; the module restarts the services that were running ("the machine stayed up"). */
  wakePending?: boolean;
  faults: FaultSwitches;
  features: Record<string, { installed: boolean; pending: boolean }>;
  machineEnv: Record<string, string>;
  userEnv: Record<string, string>;
  services: Record<
    string,
    { name: string; displayName: string; status: string; startType: string; kind: string; pid?: number; [key: string]: unknown }
  >;
  processes: { name: string; pid: number; startTime: string; service?: string }[];
  packages: { nuget: string | null; modules: string[]; installed: string[] };
  docker: {
    version: string;
    packageVersion: string;
    staticVersion: string;
    daemonEnv: Record<string, string> | null;
    /** repoDigests: repository@sha256 of the manifest the simulated registry served (none for a built image). */
    images: { repository: string; tag: string; id: string; osBuild: number; repoDigests?: string[] }[];
  };
  adapters: {
    name: string;
    interfaceDescription: string;
    macAddress: string;
    status: string;
    ipv4: string | null;
    prefixLength: number;
    ifIndex: number;
  }[];
  routes: { destinationPrefix: string; nextHop: string; interfaceAlias: string }[];
  hns: { networks: Record<string, unknown>[]; endpoints: Record<string, unknown>[]; policyLists: Record<string, unknown>[] };
  acls: Record<string, string>;
  /** New-NetFirewallRule's rules by name (absent until the first one). */
  firewallRules?: Record<string, { displayName: string; direction: string; protocol: string; localPort: string; action: string }>;
  /** What the running containerd took from its service and config.toml (Sim.Containerd.ps1); absent until it first starts. */
  containerd?: { version: string; pipeReadyAt: string | null; cniConfDir?: string; cniBinDir?: string; sandboxImage?: string };
  computerSystem: { manufacturer: string; model: string };
}

const PRODUCT_NAMES: Record<number, string> = {
  16299: 'Windows Server Datacenter',
  17763: 'Windows Server 2019 Datacenter',
  20348: 'Windows Server 2022 Datacenter',
};

export function initialMachineState(options: { build: number; faults: FaultSwitches; nodeIp: string; gatewayIp: string }): MachineState {
  const { build, faults } = options;
  return {
    schema: 1,
    hostName: 'WIN-REHEARSAL1',
    elevated: true,
    os: {
      build,
      ubr: build === 16299 ? 125 : 1,
      productName: PRODUCT_NAMES[build] ?? 'Windows Server Datacenter',
      installationType: 'Server',
    },
    freeBytes: 120 * 1024 ** 3,
    pendingRestart: false,
    bootPending: false,
    faults,
    features: { Containers: { installed: faults.containersFeatureInstalled, pending: false } },
    machineEnv: {
      Path: 'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\',
      PATHEXT: '.COM;.EXE;.BAT;.CMD;.PS1',
      OS: 'Windows_NT',
    },
    userEnv: { TEMP: 'C:\\Users\\Administrator\\AppData\\Local\\Temp' },
    services: { hns: { name: 'hns', displayName: 'Host Network Service', status: 'Running', startType: 'Automatic', kind: 'builtin' } },
    processes: [],
    packages: { nuget: null, modules: [], installed: [] },
    docker: { version: '', packageVersion: '17.06.2-ee-6', staticVersion: '20.10.24', daemonEnv: null, images: [] },
    adapters: [
      {
        name: 'Ethernet',
        interfaceDescription: 'Intel(R) Ethernet Connection X722 for 10GbE SFP+',
        macAddress: '00-15-5D-01-6A-10',
        status: 'Up',
        ipv4: options.nodeIp,
        prefixLength: 24,
        ifIndex: 6,
      },
    ],
    routes: [
      { destinationPrefix: '0.0.0.0/0', nextHop: options.gatewayIp, interfaceAlias: 'Ethernet' },
      { destinationPrefix: `${options.nodeIp.split('.').slice(0, 3).join('.')}.0/24`, nextHop: '0.0.0.0', interfaceAlias: 'Ethernet' },
    ],
    hns: { networks: [], endpoints: [], policyLists: [] },
    acls: {},
    computerSystem: { manufacturer: 'Dell Inc.', model: 'PowerEdge R640' },
  };
}

export function readMachineState(file: string): MachineState {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as MachineState;
}

export function writeMachineState(file: string, state: MachineState): void {
  writeFileAtomic.sync(file, JSON.stringify(state, null, 2) + '\n');
}

/** Stops every simulated process (a shutdown), keeping the rest of the machine. */
export function shutDown(file: string): void {
  if (!fs.existsSync(file)) return;
  const state = readMachineState(file);
  const services = Object.values(state.services).map((service) => ({
    pid: typeof service.pid === 'number' ? service.pid : 0,
    ...(typeof service.startTime === 'string' ? { startTime: service.startTime } : {}),
  }));
  endProcessTrees([...state.processes.map((p) => ({ pid: p.pid, startTime: p.startTime })), ...services]);
  state.processes = [];
  for (const service of Object.values(state.services)) {
    if (service.kind === 'nssm') service.pid = 0;
  }
  writeMachineState(file, state);
}

/** A simulated restart: processes end, pending features turn on, and the next step "boots" the machine. */
export function restartMachine(file: string): void {
  shutDown(file);
  const state = readMachineState(file);
  for (const feature of Object.values(state.features)) {
    if (feature.pending) [feature.installed, feature.pending] = [true, false];
  }
  for (const service of Object.values(state.services)) service.status = 'Stopped';
  state.docker.daemonEnv = null;
  state.pendingRestart = false;
  state.bootPending = true;
  writeMachineState(file, state);
}

/**
 * A rehearsal reopening an existing machine (a resumed join). On a real
 * machine kubelet and kube-proxy keep running while WinJoin is not; here
 * they ended with the previous rehearsal's cluster (or are orphans of a
 * killed one, talking to a server that is gone). So they are stopped now
 * and the next step brings back the services that were running.
 */
export function reopenMachine(file: string): void {
  if (!fs.existsSync(file)) return;
  shutDown(file);
  const state = readMachineState(file);
  state.wakePending = true;
  writeMachineState(file, state);
}
