/** The Finish page's summary: the outcome and what the run did, from the join state. */
import type { JoinState, RunPhase } from '../../../shared/state.js';

export interface FinishSummary {
  phase: RunPhase;
  done: number;
  failed: number;
  skipped: number;
  totalMs: number;
}

export function finishSummary(state: JoinState | null): FinishSummary | null {
  if (!state) return null;
  const count = (status: string) => state.steps.filter((s) => s.status === status).length;
  return {
    phase: state.phase,
    done: count('done'),
    failed: count('failed'),
    skipped: count('skipped'),
    totalMs: state.steps.reduce((sum, s) => sum + (s.durationMs ?? 0), 0),
  };
}
