/**
 * Every base URL the recipes download from, in one object, so a
 * rehearsal (or an air-gapped mirror) can point all of them elsewhere.
 */
export interface DownloadOrigins {
  /** GitHub archive of Microsoft/SDN: <origin>/<sha>.zip */
  sdnArchive: string;
  /** Kubernetes release files: <origin>/release/v<version>/... */
  kubernetesRelease: string;
  /** Docker static binaries for Windows: <origin>/docker-<version>.zip */
  dockerStatic: string;
  /** nssm mirror used by sig-windows-tools: <origin>/nssm-<version>.zip */
  nssm: string;
  /** containerd releases: <origin>/v<version>/containerd-<version>-windows-amd64.tar.gz (+ .sha256sum) */
  containerdRelease: string;
  /** cri-tools releases: <origin>/v<version>/crictl-v<version>-windows-amd64.tar.gz (+ .sha256) */
  crictlRelease: string;
}

export const PUBLIC_ORIGINS: DownloadOrigins = {
  sdnArchive: 'https://github.com/Microsoft/SDN/archive',
  kubernetesRelease: 'https://dl.k8s.io',
  dockerStatic: 'https://download.docker.com/win/static/stable/x86_64',
  nssm: 'https://k8stestinfrabinaries.blob.core.windows.net/nssm-mirror',
  containerdRelease: 'https://github.com/containerd/containerd/releases/download',
  crictlRelease: 'https://github.com/kubernetes-sigs/cri-tools/releases/download',
};

export function resolveOrigins(overrides: Partial<DownloadOrigins> | undefined): DownloadOrigins {
  const merged = { ...PUBLIC_ORIGINS, ...overrides };
  // A trailing slash would double up when paths are appended.
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, v.replace(/\/+$/, '')])) as unknown as DownloadOrigins;
}
