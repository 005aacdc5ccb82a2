/**
 * Starts a rehearsal: the simulated cluster (TLS API server), download origin
 * (and proxy when the scenario needs one) on loopback, and the simulated
 * machine's state, all under <stateDir>/rehearsal. Calling it again on the
 * same state dir (a resumed join after a simulated restart) finds the same
 * machine and cluster; the download origin and proxy keep their ports when
 * free (the saved plan names them), the API server's port changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONTAINERD_VERSION } from '../../../shared/answers.js';
import { WinJoinError } from '../../../shared/errors.js';
import { powershellDir } from '../app-root.js';
import writeFileAtomic from 'write-file-atomic';
import type { DownloadOrigins } from '../../join/recipes/download-origins.js';
import { loadClusterState } from './cluster-store.js';
import { startClusterServer } from './cluster-server.js';
import { simulatedPage } from './simulated-web.js';
import type { PageAnswer } from '../cluster-steps/sample-steps.js';
import { writeKubeconfig } from './kubeconfig-file.js';
import { initialMachineState, readMachineState, reopenMachine, restartMachine, shutDown, writeMachineState } from './machine-state.js';
import { writeNetworkMap } from './network-map.js';
import { ORIGIN_PATHS, startupPaths } from './origin-catalog.js';
import { startOriginServer } from './origin-server.js';
import { startForwardProxy, type ForwardProxy } from './forward-proxy.js';
import { mapStepParams, rehearsalLayout, showWindowsPaths } from './paths.js';
import { ensurePki } from './pki.js';
import {
  isScenarioName,
  resolveHostBuild,
  scenarioFaults,
  scenarioRecipe,
  scenariosFor,
  SCENARIO_NAMES,
  type FaultSwitches,
  type ScenarioName,
} from './scenarios.js';
import { EXPIRED_JOIN_TOKEN, KUBEADM_WORLD_SERVER_VERSION, WRONG_CA_CERT_HASH } from './kubeadm-world.js';
import type { RecipeId } from '../../../shared/answers.js';
import { readSnapshot, type MachineSnapshot } from './show.js';

/** Resolved when used, not at import: the Electron main bundle imports this module from elsewhere. */
const simulatedHostModule = () => path.join(powershellDir(), 'rehearsal', 'SimulatedWindowsHost.psm1');

/** The simulated world's fixed addresses: RFC 5737 TEST-NET-1, which is never routed, for the LAN. */
export const SIMULATED_NETWORK = {
  lanCidr: '192.0.2.0/24',
  masterIp: '192.0.2.10',
  nodeIp: '192.0.2.20',
  gatewayIp: '192.0.2.1',
  apiPort: 6443,
  clusterCidr: '192.168.0.0/16',
  serviceCidr: '11.0.0.0/16',
  dnsServiceIp: '11.0.0.10',
} as const;

export interface RehearsalOptions {
  stateDir: string;
  scenario: string;
  /** Which world: docker-sdn (default, the 2018 cluster) or containerd-kubeadm (a current kubeadm + Calico cluster). */
  recipe?: RecipeId;
  /** '1709' (default; ltsc2022 for containerd-kubeadm), '1809', 'ltsc2022' or a build number. */
  hostBuild?: string | number;
  /** The API server's version (default v1.9.1; KUBEADM_WORLD_SERVER_VERSION for containerd-kubeadm). */
  serverVersion?: string;
  /** Simulated seconds per real second for Start-Sleep and stand-in loops; default 0.01 (a 300 s wait takes ~3 s). */
  clockScale?: number;
}

export interface RehearsalHandle {
  scenario: ScenarioName;
  recipe: RecipeId;
  /**
   * Where WinJoin's own connection to a simulated endpoint really goes: "192.0.2.10:6443" (or an
   * https:// URL of it) -> the loopback listener; anything else unchanged.
   */
  reach(endpoint: string): string;
  stateDir: string;
  /** Base URLs for RecipeContext.origins. */
  origins: DownloadOrigins;
  /** The simulated cluster's kubeconfig naming the simulated master: what the answers point at. */
  kubeconfigPath: string;
  /** The same credentials naming the loopback listener: for Node-side cluster clients only. */
  loopbackKubeconfigPath: string;
  /** Absolute path of SimulatedWindowsHost.psm1, for Invoke-WinJoinStep.ps1 -PreloadModule. */
  preloadModule: string;
  /** Environment variables the step host (pwsh) must get. */
  env: Record<string, string>;
  /** Deep-merged into the answers (still valid Windows paths; see mapStepParams for where they land). */
  answersOverrides: Record<string, unknown>;
  /**
   * What the answer file of an unattended rehearsal (`winjoin join --rehearsal`) says besides: the
   * consent to apply the cluster fixes. Never merged into the wizard's answers, whose consent is the
   * user's Apply click, as on a real machine.
   */
  unattendedOverrides: Record<string, unknown>;
  /** Maps the Windows paths in a step's params into the rehearsal dir; the executor must apply it. */
  mapStepParams(params: Record<string, unknown>): Record<string, unknown>;
  /** The inverse for what steps print: paths inside the simulated machine shown as the Windows paths they stand for. */
  showWindowsPaths(text: string): string;
  /** Simulated restart of the machine (after a 3010): processes end, pending features turn on. */
  restartMachine(): void;
  /** Whether the simulated machine waits for a restart a step asked for. */
  restartPending(): boolean;
  show(): Promise<MachineSnapshot>;
  /** WinJoin's own GET of a simulated page (a sample pod, a host port), answered from the simulated cluster. */
  simulatedPage(url: string): PageAnswer;
  /** Stops the servers and every simulated process (a machine shutdown); state stays on disk. */
  close(): Promise<void>;
}

export { SCENARIO_NAMES };

export async function startRehearsal(options: RehearsalOptions): Promise<RehearsalHandle> {
  if (!isScenarioName(options.scenario)) {
    throw new WinJoinError('E_INVALID_REQUEST', `unknown rehearsal scenario "${options.scenario}" (known: ${SCENARIO_NAMES.join(', ')})`, {
      scenario: options.scenario,
      known: SCENARIO_NAMES.join(', '),
    });
  }
  const scenario = options.scenario;
  const recipe: RecipeId = options.recipe ?? 'docker-sdn';
  const only = scenarioRecipe(scenario);
  if (only && only !== recipe) {
    throw new WinJoinError(
      'E_INVALID_REQUEST',
      `rehearsal scenario "${scenario}" is for recipe ${only}, not ${recipe} (scenarios for ${recipe}: ${scenariosFor(recipe).join(', ')})`,
      { scenario, known: scenariosFor(recipe).join(', ') },
    );
  }
  const kubeadm = recipe === 'containerd-kubeadm';
  const faults = scenarioFaults(scenario);
  const layout = rehearsalLayout(options.stateDir);
  const net = SIMULATED_NETWORK;
  fs.mkdirSync(layout.machineRoot, { recursive: true });

  // A rehearsal dir belongs to one scenario and recipe; a different one starts a fresh simulated world.
  const previous = fs.existsSync(layout.scenarioFile)
    ? (JSON.parse(fs.readFileSync(layout.scenarioFile, 'utf8')) as { name: string; hostBuild: number; recipe?: RecipeId })
    : null;
  const sameRecipe = previous !== null && (previous.recipe ?? 'docker-sdn') === recipe;
  const sameWorld = sameRecipe && previous.name === scenario;
  const hostBuild = resolveHostBuild(
    options.hostBuild ?? (sameRecipe ? previous.hostBuild : undefined) ?? (kubeadm ? 'ltsc2022' : undefined),
  );
  if (previous && (!sameWorld || previous.hostBuild !== hostBuild)) {
    shutDown(layout.machineState);
    for (const file of [layout.machineState, layout.clusterState]) fs.rmSync(file, { force: true });
    fs.rmSync(layout.machineRoot, { recursive: true, force: true });
    fs.mkdirSync(layout.machineRoot, { recursive: true });
  }
  writeFileAtomic.sync(layout.scenarioFile, JSON.stringify({ name: scenario, recipe, hostBuild, faults }, null, 2) + '\n');
  writeFileAtomic.sync(layout.clockFile, JSON.stringify({ scale: options.clockScale ?? 0.01 }) + '\n');
  if (!fs.existsSync(layout.machineState)) {
    writeMachineState(layout.machineState, initialMachineState({ build: hostBuild, faults, nodeIp: net.nodeIp, gatewayIp: net.gatewayIp }));
    fs.rmSync(layout.portsFile, { force: true });
  } else {
    reopenMachine(layout.machineState);
  }
  const previousPorts = readPorts(layout.portsFile);

  const pki = await ensurePki(layout.pkiDir, net.masterIp);
  const serverVersion = options.serverVersion ?? (kubeadm ? KUBEADM_WORLD_SERVER_VERSION : 'v1.9.1');
  const clusterState = loadClusterState(layout.clusterState, {
    serverVersion,
    clusterCidr: net.clusterCidr,
    serviceCidr: net.serviceCidr,
    dnsServiceIp: net.dnsServiceIp,
    masterIp: net.masterIp,
    allocateNodeCidrs: faults.allocatePodCidrs,
    ...(kubeadm ? { kubeadm: { caPem: pki.caCert, apiServer: { host: net.masterIp, port: net.apiPort }, faults } } : {}),
  });
  const cluster = await startClusterServer({
    pki,
    pkiDir: layout.pkiDir,
    machineRoot: layout.machineRoot,
    state: clusterState,
    stateFile: layout.clusterState,
  });
  const origin = await startOriginServer(faults, previousPorts.origin);
  let proxy: ForwardProxy | null = null;
  if (faults.requireProxy)
    proxy = await startForwardProxy((port) => origin.trustedPorts.add(port), previousPorts.proxy, faults.proxyDeniedHosts);
  writeFileAtomic.sync(layout.portsFile, JSON.stringify({ origin: origin.port, proxy: proxy?.port ?? null }) + '\n');
  await origin.warm(startupPaths(serverVersion.replace(/^v/, ''), kubeadm ? DEFAULT_CONTAINERD_VERSION : undefined));

  const forwards: Record<string, string> = { [`${net.masterIp}:${net.apiPort}`]: `127.0.0.1:${cluster.port}` };
  writeKubeconfig(layout.kubeconfig, `https://${net.masterIp}:${net.apiPort}`, pki);
  writeKubeconfig(layout.loopbackKubeconfig, `https://127.0.0.1:${cluster.port}`, pki);
  writeNetworkMap(layout.networkMap, {
    forwards,
    lanCidr: net.lanCidr,
    masterIp: net.masterIp,
    nodeIp: net.nodeIp,
    gatewayIp: net.gatewayIp,
    proxyUrl: proxy?.url ?? null,
  });

  const origins: DownloadOrigins = {
    sdnArchive: origin.baseUrl + ORIGIN_PATHS.sdnArchive,
    kubernetesRelease: origin.baseUrl + ORIGIN_PATHS.kubernetesRelease,
    dockerStatic: origin.baseUrl + ORIGIN_PATHS.dockerStatic,
    nssm: origin.baseUrl + ORIGIN_PATHS.nssm,
    containerdRelease: origin.baseUrl + ORIGIN_PATHS.containerdRelease,
    crictlRelease: origin.baseUrl + ORIGIN_PATHS.crictlRelease,
  };
  const answersOverrides: Record<string, unknown> = {
    cluster: { kubeconfigPath: layout.kubeconfig },
    network: {
      masterIp: net.masterIp,
      clusterCidr: net.clusterCidr,
      serviceCidr: net.serviceCidr,
      dnsServiceIp: net.dnsServiceIp,
      interfaceAlias: 'Ethernet',
    },
    ...(proxy ? { proxy: { http: proxy.url, https: proxy.url, noProxy: [], addClusterRanges: true } } : {}),
  };
  if (kubeadm) deepAssign(answersOverrides, kubeadmAnswersOverrides(faults));
  // Consent to the fixes (kube-proxy-windows) except in the scenario that shows a cluster WinJoin cannot fix.
  const unattendedOverrides: Record<string, unknown> = kubeadm ? { cluster: { applyPrerequisites: faults.calicoWindowsDataplane } } : {};

  let closed = false;
  return {
    scenario,
    recipe,
    reach: (endpoint) => reachEndpoint(forwards, endpoint),
    stateDir: options.stateDir,
    origins,
    kubeconfigPath: layout.kubeconfig,
    loopbackKubeconfigPath: layout.loopbackKubeconfig,
    preloadModule: simulatedHostModule(),
    env: { WINJOIN_REHEARSAL_DIR: layout.root, WINJOIN_REHEARSAL_MODULE: simulatedHostModule() },
    answersOverrides,
    unattendedOverrides,
    mapStepParams: (params) => mapStepParams(layout.machineRoot, params),
    showWindowsPaths: (text) => showWindowsPaths(layout.machineRoot, text),
    restartMachine: () => restartMachine(layout.machineState),
    restartPending: () => readMachineState(layout.machineState).pendingRestart,
    show: async () => readSnapshot(options.stateDir),
    simulatedPage: (url) => simulatedPage(cluster.state, net.nodeIp, url),
    async close() {
      if (closed) return;
      closed = true;
      shutDown(layout.machineState);
      await Promise.all([cluster.close(), origin.close(), proxy?.close()]);
    },
  };
}

/**
 * What a containerd-kubeadm scenario puts into the answers: the expired token
 * or the wrong CA pin a scenario is about. The consent to apply cluster fixes
 * is not among them (see unattendedOverrides).
 */
function kubeadmAnswersOverrides(faults: FaultSwitches): Record<string, unknown> {
  const join: Record<string, unknown> = {};
  if (faults.expiredJoinToken) join.token = `${EXPIRED_JOIN_TOKEN.id}.${EXPIRED_JOIN_TOKEN.secret}`;
  if (faults.wrongCaCertHash) join.caCertHash = WRONG_CA_CERT_HASH;
  return Object.keys(join).length ? { join } : {};
}

function deepAssign(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object')
      deepAssign(current as Record<string, unknown>, value as Record<string, unknown>);
    else target[key] = value;
  }
}

/** "192.0.2.10:6443" or "https://192.0.2.10:6443/..." -> the loopback listener behind it; anything else unchanged. */
export function reachEndpoint(forwards: Record<string, string>, endpoint: string): string {
  const m = /^(https:\/\/)?([^/]+)(.*)$/.exec(endpoint);
  const target = m ? forwards[m[2]!] : undefined;
  return m && target ? `${m[1] ?? ''}${target}${m[3]}` : endpoint;
}

function readPorts(file: string): { origin: number | null; proxy: number | null } {
  try {
    const ports = JSON.parse(fs.readFileSync(file, 'utf8')) as { origin?: unknown; proxy?: unknown };
    const valid = (port: unknown) => (typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : null);
    return { origin: valid(ports.origin), proxy: valid(ports.proxy) };
  } catch {
    return { origin: null, proxy: null };
  }
}
