/** Where a reset started from Welcome stands, read from its journal events (reset.started ... reset.finished). */
import type { JournalEvent } from '../../../shared/events.js';
import type { ResetOutcome } from '../../../shared/reset.js';
import type { JoinState } from '../../../shared/state.js';

export interface ResetProgress {
  /** The undo steps in the order they run; empty until reset.started arrived. */
  stepIds: string[];
  /** How it ended; null while it runs. */
  outcome: ResetOutcome | null;
}

export function resetProgress(events: readonly JournalEvent[], runId: string): ResetProgress {
  let stepIds: string[] = [];
  let outcome: ResetOutcome | null = null;
  for (const event of events) {
    if (event.runId !== runId) continue;
    if (event.type === 'reset.started') stepIds = event.stepIds;
    if (event.type === 'reset.finished') outcome = event.outcome;
  }
  return { stepIds, outcome };
}

/** Welcome offers the removal while this machine holds a join that is not running. */
export function offersRemoval(state: JoinState | null): boolean {
  return state !== null && state.phase !== 'running';
}
