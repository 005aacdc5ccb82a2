/**
 * The wizard's Cluster readiness for a containerd-kubeadm join: the same
 * control-plane checks and credential checks the join's gate runs, but
 * changing nothing unless the user clicked Apply on a check, and creating no
 * token (the join creates it when it starts, so its short life is not spent
 * while the admin reads). Every change WinJoin would make is returned as the
 * exact request, for the page to show before the click.
 */
import type { Answers } from '../../shared/answers.js';
import type { ClusterCheckId, ClusterCheckResult } from '../../shared/cluster-checks.js';
import { toErrorShape, type WinJoinErrorShape } from '../../shared/errors.js';
import { matchKnownProblems } from '../../shared/known-problems/match.js';
import { checkJoinCredentials, type CheckedCredentials } from '../host/bootstrap/credentials.js';
import { readBootstrapTokenExpiry } from '../host/bootstrap/token.js';
import { applyClusterChanges, planClusterFixes, type ClusterChange } from '../host/cluster-prereqs/apply.js';
import { openGateContext, type GateContext, type KubeadmGateOptions } from './kubeadm-gate.js';

export interface ClusterReadiness {
  checks: ClusterCheckResult[];
  /** What Apply would send, per failed check WinJoin can fix. */
  changes: ClusterChange[];
  /** Checks fixed by this call (apply). */
  applied: ClusterCheckId[];
  credentials: CheckedCredentials | null;
  /** Why the credentials (or the cluster) could not be checked; the known problems name the fix. */
  error: WinJoinErrorShape | null;
  knownProblems: string[];
  serverVersion: string | null;
}

export async function checkClusterReadiness(
  answers: Answers,
  apply: readonly ClusterCheckId[] = [],
  options: KubeadmGateOptions = {},
): Promise<ClusterReadiness> {
  const readiness: ClusterReadiness = {
    checks: [],
    changes: [],
    applied: [],
    credentials: null,
    error: null,
    knownProblems: [],
    serverVersion: null,
  };
  let gate: GateContext | null = null;
  try {
    gate = await openGateContext(answers, options);
    let report = await gate.check();
    if (apply.length) {
      readiness.applied = await applyClusterChanges(gate.client, await planClusterFixes(gate.client, report, apply));
      report = await gate.check();
    }
    readiness.checks = report.results;
    readiness.serverVersion = report.results.find((r) => r.id === 'server-version')?.params.server ?? null;
    readiness.changes = await planClusterFixes(gate.client, report);
    readiness.knownProblems = matchKnownProblems({ checks: report.results });
    // The credentials are checked even when a check failed: the admin fixes both before Start.
    readiness.credentials = await checkJoinCredentials({
      join: answers.join,
      server: gate.access.server,
      kubeconfigCa: gate.access.ca ?? null,
      fetchFor: gate.fetchFor,
      readExpiry: (tokenId) => readBootstrapTokenExpiry(gate!.client, tokenId),
    });
  } catch (error) {
    readiness.error = toErrorShape(error);
    readiness.knownProblems = [
      ...readiness.knownProblems,
      ...matchKnownProblems({ errorCode: readiness.error.code, errorMessage: readiness.error.message }),
    ];
  } finally {
    await gate?.client.close();
  }
  return readiness;
}
