/**
 * The version policy, in one place: which recipe can join which cluster from
 * which Windows build, and which kubelet version a join installs.
 *
 * - docker-sdn runs Docker as the kubelet's runtime; dockershim left the
 *   kubelet in 1.24, so neither a 1.24+ node version nor a 1.24+ API server
 *   (whose skew window then excludes every dockershim kubelet older than 1.21
 *   at best, and every one the 2018 scripts can start) is joinable with it.
 * - containerd-kubeadm follows the SIG Windows guide: cluster 1.23 or later
 *   (reference H1), kubelet = the server's exact version under match-cluster.
 * - The version-skew policy (kubelet not newer than the server, at most 2 or 3
 *   minors older) applies to both (chooseNodeVersion).
 * - Windows Server 2022 (20348) and 2025 (26100) are supported; 2019 (17763)
 *   is no longer listed by kubernetes.io (H4), so it only gets a warning;
 *   older builds are refused.
 */
import type { RecipeId } from '../../../shared/answers.js';
import { chooseNodeVersion, compareVersions, formatVersion, parseKubeVersion, type KubeVersion } from './version.js';

export const DOCKERSHIM_REMOVED: KubeVersion = { major: 1, minor: 24, patch: 0 };
export const KUBEADM_GUIDE_MIN_SERVER: KubeVersion = { major: 1, minor: 23, patch: 0 };
export const WINDOWS_BUILDS = { ws2019: 17763, ws2022: 20348, ws2025: 26100 } as const;

export interface PolicyProblem {
  /** The answer-file field to change (or "cluster" when the cluster itself is the obstacle). */
  field: 'recipe' | 'kubernetesVersion' | 'cluster';
  severity: 'error' | 'warning';
  /** i18n key under policy.* naming the cause and the fix. */
  key: string;
  params: Record<string, string>;
}

export interface PolicyInput {
  recipe: RecipeId;
  /** The answers' kubernetesVersion: "match-cluster" or "1.35.1". */
  requested: string;
  /** The API server's gitVersion ("v1.35.1+k3s1"), when the cluster was asked. */
  serverGitVersion?: string;
  /** The Windows build number (CurrentBuildNumber), when the machine was asked. */
  windowsBuild?: number;
}

export interface PolicyDecision {
  /** The kubelet/kubeadm version to install ("1.35.1"), or null when it cannot be decided or is refused. */
  version: string | null;
  problems: PolicyProblem[];
}

export function decideVersions(input: PolicyInput): PolicyDecision {
  const problems: PolicyProblem[] = [];
  const { recipe } = input;
  const server = input.serverGitVersion ? parseKubeVersion(input.serverGitVersion) : null;
  let version: string | null = null;

  if (input.serverGitVersion) {
    const choice = chooseNodeVersion(input.serverGitVersion, input.requested);
    version = choice.version;
    for (const p of choice.problems)
      problems.push({
        field: 'kubernetesVersion',
        severity: p.severity,
        key: `policy.skew.${p.code}`,
        params: { ...p.params, field: 'kubernetesVersion' },
      });
  } else if (input.requested !== 'match-cluster') {
    const node = parseKubeVersion(input.requested);
    version = node ? formatVersion(node) : null;
  }

  const node = version ? parseKubeVersion(version) : null;
  if (recipe === 'docker-sdn') {
    if (server && compareVersions(server, DOCKERSHIM_REMOVED) >= 0)
      problems.push(refuse('recipe', 'policy.dockerSdnServerTooNew', { server: formatVersion(server) }));
    else if (node && compareVersions(node, DOCKERSHIM_REMOVED) >= 0)
      problems.push(refuse('kubernetesVersion', 'policy.dockerSdnNodeTooNew', { node: formatVersion(node) }));
  } else if (server && compareVersions(server, KUBEADM_GUIDE_MIN_SERVER) < 0) {
    problems.push(
      refuse('cluster', 'policy.kubeadmServerTooOld', { server: formatVersion(server), min: formatVersion(KUBEADM_GUIDE_MIN_SERVER) }),
    );
  }

  if (input.windowsBuild !== undefined) {
    const build = String(input.windowsBuild);
    if (input.windowsBuild < WINDOWS_BUILDS.ws2019) problems.push(refuse('cluster', 'policy.windowsTooOld', { build }));
    else if (input.windowsBuild < WINDOWS_BUILDS.ws2022 && recipe === 'containerd-kubeadm')
      problems.push({ field: 'cluster', severity: 'warning', key: 'policy.windows2019', params: { build } });
  }

  const refused = problems.some((p) => p.severity === 'error');
  // The most useful fix first: a wrong recipe makes every version question moot.
  problems.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  return { version: refused ? null : version, problems };
}

const FIELD_ORDER: PolicyProblem['field'][] = ['recipe', 'cluster', 'kubernetesVersion'];

function refuse(field: PolicyProblem['field'], key: string, params: Record<string, string>): PolicyProblem {
  return { field, severity: 'error', key, params: { ...params, field } };
}

export interface RecipeOption {
  id: RecipeId;
  works: boolean;
  /** Why it cannot join this cluster (policy.* key and its values), when it cannot. */
  reasonKey: string | null;
  params: Record<string, string>;
}

/**
 * The recipes for a cluster of this version, for the wizard to propose one
 * and offer only those that can work: today's join wherever it works, the
 * 2018 guide only for the clusters it can still join.
 */
export function recipeChoice(serverGitVersion: string): { proposed: RecipeId | null; recipes: RecipeOption[] } {
  const recipes = (['containerd-kubeadm', 'docker-sdn'] as const).map((id): RecipeOption => {
    const refusal = decideVersions({ recipe: id, requested: 'match-cluster', serverGitVersion }).problems.find(
      (p) => p.severity === 'error',
    );
    return { id, works: !refusal, reasonKey: refusal?.key ?? null, params: refusal?.params ?? {} };
  });
  return { proposed: recipes.find((r) => r.works)?.id ?? null, recipes };
}
