/** The Join page's header line: steps done of total, time since the run started, and which steps run now. */
import type { JoinState } from '../../../shared/state.js';

export interface JoinSummary {
  done: number;
  total: number;
  elapsedMs: number;
  running: string[];
}

export function joinSummary(state: JoinState, now: number): JoinSummary {
  const started = state.steps
    .map((s) => s.startedAt)
    .filter((at): at is string => at !== null)
    .map(Date.parse);
  const ended = state.steps
    .map((s) => s.endedAt)
    .filter((at): at is string => at !== null)
    .map(Date.parse);
  const first = started.length ? Math.min(...started) : null;
  // A stopped join's clock stops at its last step's end, not at the time the page is read.
  const until = state.phase === 'running' ? now : ended.length ? Math.max(...ended) : now;
  return {
    // A skipped step (already in place) counts as done: nothing is left to do for it.
    done: state.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length,
    total: state.steps.length,
    elapsedMs: first === null ? 0 : Math.max(0, until - first),
    running: state.steps.filter((s) => s.status === 'running').map((s) => s.id),
  };
}
