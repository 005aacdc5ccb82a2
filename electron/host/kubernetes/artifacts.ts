/**
 * Which release files give a Windows node its kubelet.exe, kube-proxy.exe
 * and kubectl.exe, and the digest each is checked against.
 *
 * - Current versions: the individual bin/windows/amd64/<name>.exe files,
 *   each with the .sha512 file published beside it.
 * - Old versions (the guide's v1.9.1): the node tarball, whose digest comes
 *   from the CHANGELOG (SHA-256 in that era), extracted for
 *   kubernetes/node/bin/*.exe. Newer node tarballs stopped carrying
 *   kubectl.exe, so a tarball layout for those adds kubectl separately.
 *
 * The cut-over (1.14) and the kubectl cut-over (1.19) are conservative
 * choices: the exact releases are not recorded in our sources.
 */
import type { DownloadSpec } from '../../../shared/plan.js';
import type { DigestAlgorithm, ExpectedDigest } from '../download/digest.js';
import { PINNED_NODE_TARBALLS } from '../download/pinned-digests.js';
import { compareVersions, parseKubeVersion, type KubeVersion } from './version.js';

export const DEFAULT_RELEASE_BASE = 'https://dl.k8s.io';

const FIRST_INDIVIDUAL_BINARIES: KubeVersion = { major: 1, minor: 14, patch: 0 };
const FIRST_TARBALL_WITHOUT_KUBECTL: KubeVersion = { major: 1, minor: 19, patch: 0 };
export const NODE_TARBALL_BIN = 'kubernetes/node/bin/';
const BINARIES = ['kubelet', 'kube-proxy', 'kubectl'] as const;

export interface KubernetesArtifact extends DownloadSpec {
  /** The .exe files this download provides. */
  provides: string[];
  /** Set for the tarball: what to extract and how many leading folders to drop. */
  extract?: { include: string[]; strip: number };
  /** Digest to fetch before downloading, when none is pinned: <url>.<algorithm>. */
  publishedDigest?: DigestAlgorithm;
}

export interface ArtifactOptions {
  baseUrl?: string;
  layout?: 'auto' | 'binaries' | 'node-tarball';
}

function individual(base: string, version: string, name: string): KubernetesArtifact {
  const url = `${base}/release/v${version}/bin/windows/amd64/${name}.exe`;
  return { name, url, fileName: `${name}.exe`, checksumSource: `${url}.sha512`, publishedDigest: 'sha512', provides: [`${name}.exe`] };
}

export function kubernetesArtifacts(version: string, options: ArtifactOptions = {}): KubernetesArtifact[] {
  const parsed = parseKubeVersion(version);
  if (!parsed) throw new Error(`not a Kubernetes version: ${version}`);
  const v = `${parsed.major}.${parsed.minor}.${parsed.patch}`;
  const base = (options.baseUrl ?? DEFAULT_RELEASE_BASE).replace(/\/+$/, '');
  const layout = options.layout ?? 'auto';
  const useTarball =
    layout === 'node-tarball' ||
    (layout === 'auto' && (PINNED_NODE_TARBALLS[v] !== undefined || compareVersions(parsed, FIRST_INDIVIDUAL_BINARIES) < 0));
  if (!useTarball) return BINARIES.map((name) => individual(base, v, name));

  const url = `${base}/release/v${v}/kubernetes-node-windows-amd64.tar.gz`;
  const pinned = PINNED_NODE_TARBALLS[v];
  const withKubectl = compareVersions(parsed, FIRST_TARBALL_WITHOUT_KUBECTL) < 0;
  const inTarball = withKubectl ? BINARIES : BINARIES.filter((b) => b !== 'kubectl');
  const tarball: KubernetesArtifact = {
    name: 'nodeTarball',
    url,
    fileName: `kubernetes-node-windows-amd64-v${v}.tar.gz`,
    provides: inTarball.map((b) => `${b}.exe`),
    extract: { include: inTarball.map((b) => `${NODE_TARBALL_BIN}${b}.exe`), strip: 3 },
    ...(pinned
      ? { sha256: pinned.sha256, checksumSource: pinned.source }
      : { checksumSource: `${url}.sha256`, publishedDigest: 'sha256' as const }),
  };
  return withKubectl ? [tarball] : [tarball, individual(base, v, 'kubectl')];
}

/** Fills in digests published beside the files (one small request each). */
export async function withPublishedDigests(
  artifacts: KubernetesArtifact[],
  fetchDigest: (url: string, algorithm: DigestAlgorithm) => Promise<ExpectedDigest>,
): Promise<KubernetesArtifact[]> {
  return Promise.all(
    artifacts.map(async (artifact) => {
      if (!artifact.publishedDigest || artifact.sha256 || artifact.sha512) return artifact;
      const digest = await fetchDigest(artifact.url, artifact.publishedDigest);
      return { ...artifact, [digest.algorithm]: digest.hex };
    }),
  );
}
