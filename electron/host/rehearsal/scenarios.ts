/**
 * Rehearsal scenarios as data. Each is a set of fault switches that only the
 * simulated host, cluster and origin read; product code never sees them, so
 * a rehearsal exercises exactly the code a real join runs.
 */
import type { RecipeId } from '../../../shared/answers.js';

export interface FaultSwitches {
  /** Containers feature already installed; false makes the docker step ask for a restart (3010). */
  containersFeatureInstalled: boolean;
  /** How PSGallery/DockerMsftProvider answer: 'ok', or failing like a TLS 1.0 session (T21). */
  gallery: 'ok' | 'tls10';
  /** The controller allocates a /24 of the cluster CIDR to each node that registers (T14 when false). */
  allocatePodCidrs: boolean;
  /** The base image the registry serves is built for another Windows build than the host (T8). */
  baseImageMismatch: boolean;
  /** The download origin and the container registry answer only through the loopback proxy. */
  requireProxy: boolean;
  /**
   * Registry hosts the loopback proxy refuses to tunnel to (403 Forbidden to CONNECT), as a
   * corporate proxy with an allow-list does; only with requireProxy.
   */
  proxyDeniedHosts: readonly string[];
  /** File name whose served bytes differ from its published checksum. */
  corruptFile: string | null;
  /** Lines kubelet prints once it runs. */
  kubeletLogLines: number;
  /** containerd-kubeadm: Calico's Installation has the Windows (HNS) dataplane and the operator runs calico-node-windows. */
  calicoWindowsDataplane: boolean;
  /** containerd-kubeadm: the answers' join.token is a bootstrap token whose Secret has expired (the token cleaner has not run yet). */
  expiredJoinToken: boolean;
  /** containerd-kubeadm: the answers' join.caCertHash pins another CA's key. */
  wrongCaCertHash: boolean;
}

export const DEFAULT_FAULTS: FaultSwitches = {
  containersFeatureInstalled: true,
  gallery: 'ok',
  allocatePodCidrs: true,
  baseImageMismatch: false,
  requireProxy: false,
  proxyDeniedHosts: [],
  corruptFile: null,
  kubeletLogLines: 20,
  calicoWindowsDataplane: true,
  expiredJoinToken: false,
  wrongCaCertHash: false,
};

export const SCENARIOS = {
  happy: {},
  'needs-restart': { containersFeatureInstalled: false },
  'gallery-tls': { gallery: 'tls10' },
  'no-pod-cidr': { allocatePodCidrs: false },
  'image-mismatch': { baseImageMismatch: true },
  'proxy-required': { requireProxy: true },
  // The allow-list has registry.k8s.io (the control plane's own images, pause among them) but not the
  // registries of the Windows-only images: Docker Hub (sigwindowstools/kube-proxy) and quay.io (calico/node-windows).
  'proxy-blocks-registry': { requireProxy: true, proxyDeniedHosts: ['registry-1.docker.io', 'quay.io'] },
  'corrupt-download': { corruptFile: 'kubectl.exe' },
  'log-flood': { kubeletLogLines: 1_000_000 },
  'calico-no-windows': { calicoWindowsDataplane: false },
  'expired-token': { expiredJoinToken: true },
  'wrong-ca-hash': { wrongCaCertHash: true },
} as const satisfies Record<string, Partial<FaultSwitches>>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

/** Scenarios that make sense for one recipe only; the others work with both. */
const SCENARIO_RECIPES: Partial<Record<ScenarioName, RecipeId>> = {
  'gallery-tls': 'docker-sdn',
  'no-pod-cidr': 'docker-sdn',
  'image-mismatch': 'docker-sdn',
  'calico-no-windows': 'containerd-kubeadm',
  'expired-token': 'containerd-kubeadm',
  'wrong-ca-hash': 'containerd-kubeadm',
  'proxy-blocks-registry': 'containerd-kubeadm',
};

/** The recipe a scenario is limited to, or null when it works with either. */
export function scenarioRecipe(name: ScenarioName): RecipeId | null {
  return SCENARIO_RECIPES[name] ?? null;
}

export function scenariosFor(recipe: RecipeId): ScenarioName[] {
  return SCENARIO_NAMES.filter((name) => (SCENARIO_RECIPES[name] ?? recipe) === recipe);
}

export function scenarioFaults(name: ScenarioName): FaultSwitches {
  return { ...DEFAULT_FAULTS, ...SCENARIOS[name] };
}

/** i18n keys of a scenario's name and description (shared/i18n, top-level "rehearsal"). */
export function scenarioKeys(name: ScenarioName): { title: string; description: string } {
  return { title: `rehearsal.scenarios.${name}.title`, description: `rehearsal.scenarios.${name}.description` };
}

/** Host builds a rehearsal can simulate, by the names people use. */
export const HOST_BUILDS = { '1709': 16299, '1809': 17763, ltsc2022: 20348 } as const;
export type HostBuildName = keyof typeof HOST_BUILDS;

export function resolveHostBuild(name: string | number | undefined): number {
  if (name === undefined) return HOST_BUILDS['1709'];
  if (typeof name === 'number') return name;
  if (Object.hasOwn(HOST_BUILDS, name)) return HOST_BUILDS[name as HostBuildName];
  const build = Number(name);
  if (Number.isInteger(build) && build > 0) return build;
  throw new Error(`unknown host build "${name}" (known: ${Object.keys(HOST_BUILDS).join(', ')})`);
}
