/**
 * The Kubernetes node files a docker-sdn plan downloads, as DownloadSpecs.
 * Which files a version needs (the guide's v1.9.1 node tarball with its
 * release-notes digest, individual .exe files with their published .sha512
 * for current versions, kubectl beside tarballs that lack it) is decided once,
 * in electron/host/kubernetes/artifacts.ts; this adapts it to the plan.
 */
import type { DownloadSpec } from '../../../shared/plan.js';
import { kubernetesArtifacts } from '../../host/kubernetes/artifacts.js';

/** The version the guide uses; "match-cluster" plans with it because the plan is made before the cluster is asked. */
export const SEED_KUBERNETES_VERSION = '1.9.1';

/** "v1.9.1" / "1.9.1" / "match-cluster" -> "1.9.1". */
export function normalizeKubernetesVersion(requested: string): string {
  return requested === 'match-cluster' ? SEED_KUBERNETES_VERSION : requested.replace(/^v/, '');
}

export function kubernetesDownloads(requested: string, releaseOrigin: string): DownloadSpec[] {
  const version = normalizeKubernetesVersion(requested);
  return kubernetesArtifacts(version, { baseUrl: releaseOrigin }).map((artifact) => {
    const spec: DownloadSpec = {
      name: artifact.name,
      url: artifact.url,
      fileName: artifact.fileName.replace(/(\.exe|\.tar\.gz)$/, (ext) =>
        artifact.fileName.includes(`v${version}`) ? ext : `-v${version}${ext}`,
      ),
      checksumSource: artifact.checksumSource,
    };
    if (artifact.sha256) spec.sha256 = artifact.sha256;
    else if (artifact.sha512) spec.sha512 = artifact.sha512;
    else if (artifact.publishedDigest) spec.publishedChecksum = artifact.publishedDigest;
    return spec;
  });
}
