/**
 * Recipe "docker-sdn": the 2018 guide (Docker + Microsoft/SDN scripts,
 * Kubernetes 1.9) as planned steps. Each step's params are exactly the
 * parameters of electron/powershell/steps/<id>.ps1; files it needs are
 * DownloadSpecs WinJoin fetches and verifies before the script runs.
 */
import type { Answers } from '../../../shared/answers.js';
import type { DownloadSpec, ImageSpec, PlannedStep } from '../../../shared/plan.js';
import type { StepId } from '../../../shared/steps.js';
import {
  DOCKER_STATIC_NO_DIGEST,
  NSSM_2_24_ZIP,
  SDN_ARCHIVE_FILES,
  WINDOWS_BASE_IMAGE_NO_DIGEST,
} from '../../host/download/pinned-digests.js';
import type { Recipe, RecipeContext } from '../types.js';
import { serviceLogPath } from '../state-dir.js';
import { resolveOrigins, type DownloadOrigins } from './download-origins.js';
import { kubernetesDownloads, normalizeKubernetesVersion } from './kubernetes-artifacts.js';
import { plannedStep, type StepDraft } from './step-draft.js';

/** The SDN commit whose scripts match the guide (reference §0); master.zip today is a different product. */
export const SDN_COMMIT = SDN_ARCHIVE_FILES.commit;
export const DOCKER_STATIC_VERSION = '20.10.24';
export const NSSM_VERSION = '2.24';
export const DOCKER_DIR = 'C:\\Program Files\\Docker';

const MINUTE = 60_000;

export function sdnArchiveDownload(origins: DownloadOrigins): DownloadSpec {
  return {
    name: 'sdnArchive',
    url: `${origins.sdnArchive}/${SDN_COMMIT}.zip`,
    // GitHub regenerates archives, so the zip's own bytes are not stable: its files are pinned instead.
    archiveEntries: { sha256: { ...SDN_ARCHIVE_FILES.sha256 }, completeUnder: [...SDN_ARCHIVE_FILES.completeUnder] },
    checksumSource: `SHA-256 of each file the step installs, ${SDN_ARCHIVE_FILES.source}, read ${SDN_ARCHIVE_FILES.read}`,
    fileName: `SDN-${SDN_COMMIT}.zip`,
  };
}

function dockerStaticDownload(origins: DownloadOrigins): DownloadSpec {
  return {
    name: 'dockerStatic',
    url: `${origins.dockerStatic}/docker-${DOCKER_STATIC_VERSION}.zip`,
    noDigestReason: DOCKER_STATIC_NO_DIGEST,
    fileName: `docker-${DOCKER_STATIC_VERSION}.zip`,
  };
}

export function nssmDownload(origins: DownloadOrigins): DownloadSpec {
  return {
    name: 'nssm',
    url: `${origins.nssm}/nssm-${NSSM_VERSION}.zip`,
    sha256: NSSM_2_24_ZIP.sha256,
    checksumSource: `${NSSM_2_24_ZIP.source}, read ${NSSM_2_24_ZIP.read}`,
    fileName: `nssm-${NSSM_VERSION}.zip`,
  };
}

/**
 * The base image pause-image pulls: the pinned Dockerfile's FROM
 * microsoft/windowsservercore, which Microsoft publishes on mcr.microsoft.com
 * (Get-WinJoinBaseImageSource), at the answers' tag or the tag of the host's
 * build, which only the node knows.
 */
export function pauseBaseImage(baseImageTag: string | undefined): ImageSpec {
  return {
    name: 'pauseBase',
    repository: 'mcr.microsoft.com/windows/servercore',
    ...(baseImageTag ? { tag: baseImageTag } : {}),
    noDigestReason: WINDOWS_BASE_IMAGE_NO_DIGEST,
  };
}

export const dockerSdnRecipe: Recipe = (answers: Answers, context: RecipeContext): PlannedStep[] => {
  const origins = resolveOrigins(context.origins);
  const { installDir } = answers;
  const { stateDir } = context;
  const net = answers.network;
  // The schema requires masterIp for this recipe; the fallback only satisfies the type.
  const masterIp = net.masterIp ?? '';
  const nodeName = answers.nodeName ?? '';
  const runAs = answers.services.runAs;
  const serviceDownloads = runAs === 'windows-service' ? [nssmDownload(origins)] : [];
  // A service's output goes to its log under the state dir; in a console window the admin reads it there instead.
  const followedLog = (service: 'kubelet' | 'kube-proxy') => (runAs === 'windows-service' ? serviceLogPath(service) : undefined);
  const proxy = answers.proxy;
  // The admin kubeconfig, for the steps that run in WinJoin's process; the node never gets it.
  const admin = {
    kubeconfigPath: answers.cluster.kubeconfigPath,
    ...(answers.cluster.context ? { context: answers.cluster.context } : {}),
  };

  const steps: StepDraft[] = [
    {
      id: 'prerequisites',
      needs: [],
      params: { installDir, interfaceAlias: net.interfaceAlias, nodeName, minFreeGb: 20 },
      changesMachine: false,
      timeoutMs: 2 * MINUTE,
    },
    {
      id: 'docker',
      needs: ['prerequisites'],
      params: { stateDir, dockerDir: DOCKER_DIR },
      downloads: [dockerStaticDownload(origins)],
      changesMachine: true,
      timeoutMs: 30 * MINUTE,
    },
    {
      id: 'proxy',
      needs: ['docker'],
      params: {
        stateDir,
        httpProxy: proxy?.http ?? '',
        httpsProxy: proxy?.https ?? '',
        noProxy: proxy?.noProxy ?? [],
        addClusterRanges: proxy?.addClusterRanges ?? true,
        clusterCidr: net.clusterCidr,
        serviceCidr: net.serviceCidr,
        masterIp,
      },
      changesMachine: true,
      timeoutMs: 5 * MINUTE,
    },
    {
      id: 'scripts',
      needs: ['proxy'],
      params: { installDir, stateDir, serviceCidr: net.serviceCidr, dnsServiceIp: net.dnsServiceIp },
      downloads: [sdnArchiveDownload(origins)],
      changesMachine: true,
      timeoutMs: 10 * MINUTE,
    },
    {
      id: 'kubeconfig',
      needs: ['proxy'],
      // The node's own identities, not the admin kubeconfig: keys made on the node, certificates through the
      // CSR API with the admin kubeconfig, which stays in WinJoin's process (electron/host/cluster-steps/node-identity.ts).
      params: {
        installDir,
        stateDir,
        nodeName,
        ...admin,
        waitSeconds: 120,
      },
      changesMachine: true,
      timeoutMs: 5 * MINUTE,
      runsIn: 'winjoin',
    },
    {
      id: 'pause-image',
      needs: ['docker', 'proxy', 'scripts'],
      params: { installDir, stateDir, baseImageTag: answers.baseImageTag ?? '' },
      images: [pauseBaseImage(answers.baseImageTag)],
      changesMachine: true,
      timeoutMs: 90 * MINUTE,
    },
    {
      id: 'binaries',
      needs: ['proxy'],
      params: { installDir, stateDir, kubernetesVersion: normalizeKubernetesVersion(answers.kubernetesVersion) },
      downloads: kubernetesDownloads(answers.kubernetesVersion, origins.kubernetesRelease),
      changesMachine: true,
      timeoutMs: 20 * MINUTE,
    },
    { id: 'path-env', needs: ['binaries', 'kubeconfig'], params: { installDir }, changesMachine: true, timeoutMs: 2 * MINUTE },
    { id: 'api-check', needs: ['path-env'], params: { installDir }, changesMachine: false, timeoutMs: 2 * MINUTE },
    {
      id: 'kubelet',
      needs: ['api-check', 'pause-image', 'scripts'],
      params: {
        installDir,
        stateDir,
        clusterCidr: net.clusterCidr,
        serviceCidr: net.serviceCidr,
        dnsServiceIp: net.dnsServiceIp,
        nodeName,
        runAs,
        waitSeconds: 300,
      },
      downloads: serviceDownloads,
      followsLog: followedLog('kubelet'),
      changesMachine: true,
      timeoutMs: 10 * MINUTE,
    },
    {
      id: 'kube-proxy',
      needs: ['kubelet'],
      params: { installDir, stateDir, runAs, waitSeconds: 30 },
      downloads: serviceDownloads,
      followsLog: followedLog('kube-proxy'),
      changesMachine: true,
      timeoutMs: 5 * MINUTE,
    },
  ];

  let last: StepId = 'kube-proxy';
  if (net.topology === 'host-gateway') {
    steps.push({
      id: 'routes',
      needs: [last],
      params: { installDir, stateDir, masterIp, clusterCidr: net.clusterCidr, nodeName },
      changesMachine: true,
      timeoutMs: 5 * MINUTE,
    });
    last = 'routes';
  }
  steps.push({ id: 'network-checks', needs: [last], params: { masterIp }, changesMachine: false, timeoutMs: 3 * MINUTE });
  last = 'network-checks';
  // The samples' objects are created with the admin kubeconfig, in WinJoin's process (electron/host/cluster-steps/sdn-samples.ts);
  // nodeScript then waits and checks on the node, whose own identity may read pods but create nothing.
  if (answers.verify.sampleService) {
    steps.push({
      id: 'sample-service',
      needs: [last],
      params: { ...admin, nodeScript: 'sample-service.ps1', installDir, waitSeconds: 1500 },
      changesMachine: true,
      timeoutMs: 30 * MINUTE,
      runsIn: 'winjoin',
    });
    last = 'sample-service';
  }
  if (answers.verify.portMapping) {
    steps.push({
      id: 'port-mapping',
      needs: [last],
      params: { ...admin, nodeScript: 'port-mapping.ps1', installDir, interfaceAlias: net.interfaceAlias, waitSeconds: 1500 },
      changesMachine: true,
      timeoutMs: 30 * MINUTE,
      runsIn: 'winjoin',
    });
  }
  steps.push({ id: 'diagnostics', needs: [], params: { stateDir }, changesMachine: false, timeoutMs: 5 * MINUTE, always: true });
  return steps.map((draft) => plannedStep(draft));
};
