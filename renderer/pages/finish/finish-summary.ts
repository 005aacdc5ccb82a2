/** The Finish page's summary: the outcome, what the run did and where things are, from the join state. */
import type { JoinState, RunPhase } from '../../../shared/state.js';

export interface FinishSummary {
  phase: RunPhase;
  done: number;
  failed: number;
  skipped: number;
  totalMs: number;
  /** The node's name as the steps reported it (prerequisites decides it), or null before they ran. */
  nodeName: string | null;
  recipe: string;
  /** Where the binaries went (docker-sdn's installDir, containerd-kubeadm's too), from the plan. */
  installDir: string | null;
}

function firstFact(state: JoinState, name: string): string | null {
  for (const step of state.steps) {
    const value = step.facts?.[name];
    if (typeof value === 'string' && value) return value;
  }
  return null;
}

export function finishSummary(state: JoinState | null): FinishSummary | null {
  if (!state) return null;
  const count = (status: string) => state.steps.filter((s) => s.status === status).length;
  const installDir = state.plan?.steps.map((s) => s.params.installDir).find((v): v is string => typeof v === 'string') ?? null;
  return {
    phase: state.phase,
    done: count('done'),
    failed: count('failed'),
    skipped: count('skipped'),
    totalMs: state.steps.reduce((sum, s) => sum + (s.durationMs ?? 0), 0),
    nodeName: firstFact(state, 'nodeName'),
    recipe: state.plan?.recipe ?? 'docker-sdn',
    installDir,
  };
}
