/** What the Verify page reports: the verification steps of this run's recipe and the checks they logged. */
import type { JournalEvent } from '../../../shared/events.js';
import type { JoinState } from '../../../shared/state.js';
import type { StepId, StepStatus } from '../../../shared/steps.js';

/**
 * The checks that the node really works, per recipe. docker-sdn: kubelet
 * reports node-ready (the guide's "visible in kubectl get nodes"), then the
 * guide's validation steps. containerd-kubeadm: the node Ready, Calico and
 * kube-proxy on it, then the samples (sample-service ends with DNS and a
 * Service reached from a pod on the node, and a web server pod reached at its
 * pod IP: pod-dns, pod-service, pod-to-pod).
 */
export const VERIFY_STEPS: Readonly<Record<string, readonly StepId[]>> = {
  'docker-sdn': ['kubelet', 'api-check', 'network-checks', 'sample-service', 'port-mapping'],
  'containerd-kubeadm': ['node-ready', 'network-checks', 'sample-service', 'port-mapping'],
};

export interface VerifyCheck {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  detail?: string | undefined;
  detailKey?: string | undefined;
  detailParams?: Record<string, string> | undefined;
}

export interface VerifyRow {
  id: StepId;
  /** 'done-warn': the step passed, but a check in it warns; never shown as a plain "Passed". */
  status: StepStatus | 'not-planned' | 'done-warn';
  checks: VerifyCheck[];
}

export function verifyRows(state: JoinState | null, events: readonly JournalEvent[]): VerifyRow[] {
  if (!state) return [];
  const ids = VERIFY_STEPS[state.plan?.recipe ?? 'docker-sdn'] ?? VERIFY_STEPS['docker-sdn']!;
  return ids.map((id) => {
    const step = state.steps.find((s) => s.id === id);
    // Only this run's latest result of each check counts.
    const checks = new Map<string, VerifyCheck>();
    for (const e of events)
      if (e.type === 'step.check' && e.runId === state.runId && e.stepId === id)
        checks.set(e.checkId, { id: e.checkId, status: e.status, detail: e.detail, detailKey: e.detailKey, detailParams: e.detailParams });
    const found = [...checks.values()];
    const status = step?.status ?? 'not-planned';
    return { id, status: status === 'done' && found.some((c) => c.status === 'warn') ? 'done-warn' : status, checks: found };
  });
}
