/**
 * Kubernetes versions as servers report them ("v1.28.3+k3s1",
 * "v1.9.1-gke.0") and the version-skew rule for a node: kubelet and
 * kube-proxy must not be newer than the API server, and may be at most two
 * minors older (three from API server 1.28 on).
 */
export interface KubeVersion {
  major: number;
  minor: number;
  patch: number;
}

export function parseKubeVersion(text: string): KubeVersion | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export function formatVersion(v: KubeVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function compareVersions(a: KubeVersion, b: KubeVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function maxOlderMinors(server: KubeVersion): number {
  return server.major === 1 && server.minor >= 28 ? 3 : 2;
}

export interface SkewProblem {
  code: 'SKEW_NODE_NEWER' | 'SKEW_NODE_TOO_OLD' | 'SKEW_PATCH_NEWER' | 'SKEW_BAD_VERSION';
  severity: 'error' | 'warning';
  params: Record<string, string>;
}

export interface NodeVersionChoice {
  /** "1.28.3": without the "v" and without a distribution suffix. */
  version: string | null;
  problems: SkewProblem[];
}

/**
 * The node version to install. "match-cluster" takes the API server's own
 * version (a distribution's "+k3s1" dropped: the upstream binaries of that
 * release are what a Windows node runs).
 */
export function chooseNodeVersion(serverGitVersion: string, requested = 'match-cluster'): NodeVersionChoice {
  const server = parseKubeVersion(serverGitVersion);
  if (!server) return { version: null, problems: [{ code: 'SKEW_BAD_VERSION', severity: 'error', params: { version: serverGitVersion } }] };
  if (requested === 'match-cluster') return { version: formatVersion(server), problems: [] };
  const node = parseKubeVersion(requested);
  if (!node) return { version: null, problems: [{ code: 'SKEW_BAD_VERSION', severity: 'error', params: { version: requested } }] };
  const params = { node: formatVersion(node), server: formatVersion(server) };
  const problems: SkewProblem[] = [];
  const minorGap = (server.major - node.major) * 1000 + (server.minor - node.minor);
  if (minorGap < 0) problems.push({ code: 'SKEW_NODE_NEWER', severity: 'error', params });
  else if (minorGap > maxOlderMinors(server))
    problems.push({ code: 'SKEW_NODE_TOO_OLD', severity: 'error', params: { ...params, max: String(maxOlderMinors(server)) } });
  else if (minorGap === 0 && node.patch > server.patch) problems.push({ code: 'SKEW_PATCH_NEWER', severity: 'warning', params });
  return { version: formatVersion(node), problems };
}
