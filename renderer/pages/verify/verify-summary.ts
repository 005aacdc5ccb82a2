/** What the Verify page reports: the verification steps and the checks they logged. */
import type { JournalEvent } from '../../../shared/events.js';
import type { JoinState } from '../../../shared/state.js';
import type { StepId, StepStatus } from '../../../shared/steps.js';

/** The guide's checks that the node really works (API, network, a sample service, a port mapping). */
// kubelet reports node-ready (the guide's "visible in kubectl get nodes"); the rest are the guide's validation steps.
export const VERIFY_STEPS: readonly StepId[] = ['kubelet', 'api-check', 'network-checks', 'sample-service', 'port-mapping'];

export interface VerifyRow {
  id: StepId;
  status: StepStatus | 'not-planned';
  checks: { id: string; status: 'pass' | 'warn' | 'fail'; detail?: string | undefined }[];
}

export function verifyRows(state: JoinState | null, events: readonly JournalEvent[]): VerifyRow[] {
  if (!state) return [];
  return VERIFY_STEPS.map((id) => {
    const step = state.steps.find((s) => s.id === id);
    // Only this run's latest result of each check counts.
    const checks = new Map<string, VerifyRow['checks'][number]>();
    for (const e of events)
      if (e.type === 'step.check' && e.runId === state.runId && e.stepId === id)
        checks.set(e.checkId, { id: e.checkId, status: e.status, detail: e.detail });
    return { id, status: step?.status ?? 'not-planned', checks: [...checks.values()] };
  });
}
