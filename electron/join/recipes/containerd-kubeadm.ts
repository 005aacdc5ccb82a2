/**
 * Recipe "containerd-kubeadm": the SIG Windows guide of today (containerd,
 * kubeadm join, Calico VXLAN) as planned steps (windows-join-modern.md §1).
 * Every download carries its published digest: containerd's .sha256sum,
 * crictl's .sha256, dl.k8s.io's .sha256 per binary; nssm its SHA-256 pinned
 * by WinJoin (electron/host/download/pinned-digests.ts). Scripts live in electron/powershell/steps/containerd-kubeadm/.
 *
 * The cluster side (prerequisites through the API, the join credentials
 * verified as kubeadm will) is checked before these steps run, by the gate
 * in electron/service/kubeadm-gate.ts, run by the service before the engine
 * starts (join-gate.ts); what it settled comes in as context.join. The plan
 * never holds a created token, only its marker.
 */
import type { Answers } from '../../../shared/answers.js';
import { WinJoinError } from '../../../shared/errors.js';
import type { DownloadSpec, ImageSpec, PlannedStep } from '../../../shared/plan.js';
import type { StepId } from '../../../shared/steps.js';
import { SANDBOX_IMAGE_NO_DIGEST } from '../../host/download/pinned-digests.js';
import { decideVersions } from '../../host/kubernetes/recipe-policy.js';
import { parseKubeVersion } from '../../host/kubernetes/version.js';
import type { Recipe, RecipeContext } from '../types.js';
import { secretMarker } from '../sealed-plan.js';
import { serviceLogPath } from '../state-dir.js';
import { resolveOrigins, type DownloadOrigins } from './download-origins.js';
import { nssmDownload } from './docker-sdn.js';
import { plannedStep, type StepDraft } from './step-draft.js';

export const CONTAINERD_DIR = 'C:\\Program Files\\containerd';
/** kubeadm's Windows CRI endpoint, in the URL form it requires (reference T13). */
export const CONTAINERD_PIPE = 'npipe:////./pipe/containerd-containerd';
export const CNI_BIN_DIR = 'c:/opt/cni/bin';
export const CNI_CONF_DIR = 'c:/etc/cni/net.d';
/**
 * What the join's CNI (calico-node-windows, its install-cni) leaves on the node
 * by name, for the reset to remove and nothing else: its HNS network, the
 * plugins in CNI_BIN_DIR, its configuration and kubeconfig in CNI_CONF_DIR.
 */
export const CNI_LEFTOVERS = {
  networks: ['Calico'],
  cniBinaries: ['calico.exe', 'calico-ipam.exe'],
  cniConfigs: ['10-calico.conflist', 'calico-kubeconfig'],
} as const;
const SCRIPT_DIR = 'containerd-kubeadm';
const MINUTE = 60_000;

/** The kubelet/kubeadm version: the server's exact one under match-cluster (version policy), or the answers'. */
export function kubeadmNodeVersion(answers: Answers, context: RecipeContext): string {
  const decision = decideVersions({
    recipe: 'containerd-kubeadm',
    requested: answers.kubernetesVersion,
    serverGitVersion: context.cluster?.serverGitVersion,
  });
  if (decision.version) return decision.version;
  throw new WinJoinError(
    'E_INVALID_ANSWERS',
    'kubernetesVersion is match-cluster, but the API server version is not known yet: plan after reaching the cluster (winjoin cluster check), or set kubernetesVersion to the server version',
    { field: 'kubernetesVersion', key: 'validation.kubernetesVersion', value: answers.kubernetesVersion },
  );
}

export function containerdDownload(origins: DownloadOrigins, version: string): DownloadSpec {
  const url = `${origins.containerdRelease}/v${version}/containerd-${version}-windows-amd64.tar.gz`;
  return {
    name: 'containerdTarball',
    url,
    publishedChecksum: 'sha256',
    checksumUrl: `${url}.sha256sum`,
    checksumSource: `${url}.sha256sum`,
    fileName: `containerd-${version}-windows-amd64.tar.gz`,
  };
}

/**
 * The pause (sandbox) image of each containerd line's own default (reference
 * §2.2, H7): 1.x pause:3.8, 2.0 and 2.1 pause:3.10, 2.2 pause:3.10.1, later
 * pause:3.10.2, the first with a native ltsc2025 variant. The plan writes it
 * into config.toml so it is explicit, and lists it with why it is not pinned.
 */
export function containerdSandboxImage(containerdVersion: string): ImageSpec {
  const [major, minor] = containerdVersion.split('.').map(Number) as [number, number];
  const tag = major === 1 ? '3.8' : major === 2 && minor <= 1 ? '3.10' : major === 2 && minor === 2 ? '3.10.1' : '3.10.2';
  return { name: 'sandbox', repository: 'registry.k8s.io/pause', tag, noDigestReason: SANDBOX_IMAGE_NO_DIGEST };
}

/** cri-tools releases one crictl minor per Kubernetes minor; v1.<minor>.0 exists for every one. */
export function crictlDownload(origins: DownloadOrigins, kubernetesVersion: string): DownloadSpec {
  const minor = parseKubeVersion(kubernetesVersion)!.minor;
  const version = `1.${minor}.0`;
  const url = `${origins.crictlRelease}/v${version}/crictl-v${version}-windows-amd64.tar.gz`;
  return {
    name: 'crictlTarball',
    url,
    publishedChecksum: 'sha256',
    checksumSource: `${url}.sha256`,
    fileName: `crictl-v${version}-windows-amd64.tar.gz`,
  };
}

export function kubeBinaryDownloads(origins: DownloadOrigins, version: string): DownloadSpec[] {
  return (['kubelet', 'kubeadm', 'kubectl'] as const).map((tool) => {
    const url = `${origins.kubernetesRelease}/v${version}/bin/windows/amd64/${tool}.exe`;
    return { name: tool, url, publishedChecksum: 'sha256', checksumSource: `${url}.sha256`, fileName: `${tool}-v${version}.exe` };
  });
}

export const containerdKubeadmRecipe: Recipe = (answers: Answers, context: RecipeContext): PlannedStep[] => {
  const origins = resolveOrigins(context.origins);
  const version = kubeadmNodeVersion(answers, context);
  const { installDir } = answers;
  const { stateDir } = context;
  const nodeName = answers.nodeName ?? '';
  const proxy = answers.proxy;
  const sandbox = containerdSandboxImage(answers.containerd.version);

  const steps: StepDraft[] = [
    {
      id: 'prerequisites',
      needs: [],
      params: {
        installDir,
        nodeName,
        minFreeGb: 20,
        minBuild: 17763,
        kubeletPort: 10250,
        apiServerEndpoint: answers.join.apiServerEndpoint ?? context.join?.endpoint ?? '',
      },
      changesMachine: false,
      timeoutMs: 2 * MINUTE,
    },
    // Installs Containers only (no Hyper-V: Kubernetes does not use Hyper-V isolation, reference §1.2, T23); asks for the restart.
    {
      id: 'windows-features',
      needs: ['prerequisites'],
      params: { stateDir, features: ['Containers'] },
      changesMachine: true,
      timeoutMs: 30 * MINUTE,
    },
    {
      id: 'containerd',
      needs: ['windows-features'],
      params: {
        stateDir,
        containerdDir: CONTAINERD_DIR,
        version: answers.containerd.version,
        sandboxImage: `${sandbox.repository}:${sandbox.tag!}`,
        cniBinDir: CNI_BIN_DIR,
        cniConfDir: CNI_CONF_DIR,
        registryConfigDir: 'C:\\etc\\containerd\\certs.d',
        extraCaFile: answers.downloads.extraCaFile ?? '',
        // The service process gets the proxy through its own Environment value (reference T16).
        httpProxy: proxy?.http ?? '',
        httpsProxy: proxy?.https ?? '',
        noProxy: proxy?.noProxy ?? [],
      },
      downloads: [containerdDownload(origins, answers.containerd.version)],
      images: [sandbox],
      changesMachine: true,
      timeoutMs: 15 * MINUTE,
    },
    {
      id: 'crictl',
      needs: ['containerd'],
      params: { containerdDir: CONTAINERD_DIR, endpoint: CONTAINERD_PIPE },
      downloads: [crictlDownload(origins, version)],
      changesMachine: true,
      timeoutMs: 5 * MINUTE,
    },
    {
      id: 'kube-binaries',
      needs: ['prerequisites'],
      params: { installDir, kubernetesVersion: version },
      downloads: kubeBinaryDownloads(origins, version),
      changesMachine: true,
      timeoutMs: 20 * MINUTE,
    },
    {
      id: 'kubelet-service',
      needs: ['containerd', 'kube-binaries'],
      params: { installDir, stateDir, kubernetesVersion: version, nodeName },
      downloads: [nssmDownload(origins)],
      followsLog: serviceLogPath('kubelet'),
      changesMachine: true,
      timeoutMs: 5 * MINUTE,
    },
    { id: 'firewall', needs: ['prerequisites'], params: { name: 'kubelet', port: 10250 }, changesMachine: true, timeoutMs: 2 * MINUTE },
    {
      id: 'kubeadm-join',
      needs: ['crictl', 'kubelet-service', 'firewall'],
      params: {
        installDir,
        stateDir,
        nodeName,
        criSocket: CONTAINERD_PIPE,
        // A pasted token is sealed in state.json and masked in every preview. null: the gate created one,
        // and the plan holds only its marker, filled in memory when this step runs (sealed-plan.ts).
        token: answers.join.token ?? (context.join?.tokenCreated ? secretMarker('join.token') : null),
        caCertHash: answers.join.caCertHash ?? context.join?.caCertHash ?? null,
        apiServerEndpoint: answers.join.apiServerEndpoint ?? context.join?.endpoint ?? null,
      },
      changesMachine: true,
      timeoutMs: 10 * MINUTE,
    },
    {
      id: 'node-ready',
      needs: ['kubeadm-join'],
      params: { installDir, nodeName, waitSeconds: 600 },
      changesMachine: false,
      timeoutMs: 12 * MINUTE,
    },
  ];
  let last: StepId = 'node-ready';
  steps.push({ id: 'network-checks', needs: [last], params: { installDir }, changesMachine: false, timeoutMs: 3 * MINUTE });
  last = 'network-checks';
  // The samples are created with the admin kubeconfig, so they run in WinJoin's process (electron/host/cluster-steps):
  // the node itself holds only its system:node identity, which may not create Deployments.
  const cluster = {
    kubeconfigPath: answers.cluster.kubeconfigPath,
    ...(answers.cluster.context ? { context: answers.cluster.context } : {}),
  };
  if (answers.verify.sampleService) {
    steps.push({
      id: 'sample-service',
      needs: [last],
      params: { ...cluster, waitSeconds: 900 },
      changesMachine: true,
      timeoutMs: 20 * MINUTE,
      runsIn: 'winjoin',
    });
    last = 'sample-service';
  }
  if (answers.verify.portMapping)
    steps.push({
      id: 'port-mapping',
      needs: [last],
      params: { ...cluster, waitSeconds: 900 },
      changesMachine: true,
      timeoutMs: 20 * MINUTE,
      runsIn: 'winjoin',
    });
  // containerd-kubeadm/diagnostics.ps1 runs the shared diagnostics script, which collects containerd's and crictl's view given the dir.
  steps.push({
    id: 'diagnostics',
    needs: [],
    params: { stateDir, containerdDir: CONTAINERD_DIR },
    changesMachine: false,
    timeoutMs: 5 * MINUTE,
    always: true,
  });
  return steps.map((draft) => plannedStep(draft, SCRIPT_DIR));
};
