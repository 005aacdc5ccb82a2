/** What the readiness panel says at a glance, and Apply's requests by check. */
import type { ClusterCheckId } from '../../../shared/cluster-checks.js';
import type { CallResponse } from '../../../shared/ipc/contract.js';

type Readiness = CallResponse<'cluster:readiness'>;
export type ReadinessSummary = 'ready' | 'warnings' | 'fixable' | 'blocked';

/** ready: the join can start; fixable: every failure has an Apply; blocked: something the admin must fix on the cluster. */
export function readinessSummary(readiness: Readiness): ReadinessSummary {
  const failed = readiness.checks.filter((c) => c.status === 'fail');
  if (readiness.error || failed.some((c) => !readiness.changes.some((change) => change.checkId === c.id))) return 'blocked';
  if (failed.length) return 'fixable';
  return readiness.checks.some((c) => c.status === 'warn') ? 'warnings' : 'ready';
}

export function changesByCheck(readiness: Readiness): Map<ClusterCheckId, Readiness['changes']> {
  const byCheck = new Map<ClusterCheckId, Readiness['changes']>();
  for (const change of readiness.changes) byCheck.set(change.checkId, [...(byCheck.get(change.checkId) ?? []), change]);
  return byCheck;
}
