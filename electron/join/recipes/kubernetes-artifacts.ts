/**
 * Which Kubernetes node files to download for a version. v1.9.1 (the guide's)
 * comes as the node tarball whose SHA-256 CHANGELOG-1.9 publishes; every other
 * version as the individual Windows .exe files, each checked against the
 * .sha512 file published next to it.
 */
import type { DownloadSpec } from '../../../shared/plan.js';

/** The version the guide uses; "match-cluster" plans with it because the plan is made before the cluster is asked. */
export const SEED_KUBERNETES_VERSION = '1.9.1';

/** Node tarballs with a digest from the release notes. */
const PINNED_NODE_TARBALLS: Record<string, string> = {
  '1.9.1': '4408e6d741c6008044584c0d7235e608c596e836d51346ee773589d9b4589fdc',
};

export const NODE_BINARIES = ['kubectl', 'kubelet', 'kube-proxy'] as const;

/** "v1.9.1" / "1.9.1" / "match-cluster" -> "1.9.1". */
export function normalizeKubernetesVersion(requested: string): string {
  return requested === 'match-cluster' ? SEED_KUBERNETES_VERSION : requested.replace(/^v/, '');
}

export function kubernetesDownloads(requested: string, releaseOrigin: string, tarballDigests?: Record<string, string>): DownloadSpec[] {
  const version = normalizeKubernetesVersion(requested);
  const base = `${releaseOrigin}/release/v${version}`;
  const pinned = PINNED_NODE_TARBALLS[version];
  const override = pinned ? tarballDigests?.[version] : undefined;
  const tarballSha = override ?? pinned;
  if (tarballSha) {
    return [
      {
        name: 'nodeTarball',
        url: `${base}/kubernetes-node-windows-amd64.tar.gz`,
        sha256: tarballSha,
        checksumSource: override ? 'rehearsal stand-in (SIMULATED)' : `CHANGELOG-${version.split('.').slice(0, 2).join('.')}.md`,
        fileName: `kubernetes-node-windows-amd64-v${version}.tar.gz`,
      },
    ];
  }
  return NODE_BINARIES.map((name) => {
    const url = `${base}/bin/windows/amd64/${name}.exe`;
    return { name, url, publishedChecksum: 'sha512' as const, checksumSource: `${url}.sha512`, fileName: `${name}-v${version}.exe` };
  });
}
