/** The Join page's step timeline, from the join state alone. */
import type { JoinState } from '../../../shared/state.js';
import type { StepStatus } from '../../../shared/steps.js';

export interface TimelineRow {
  id: string;
  status: StepStatus;
  durationMs: number | null;
  attempts: number;
  errorCode: string | null;
  knownProblems: string[];
  /** Only failed steps can be run again, and only while nothing else runs. */
  canRetry: boolean;
}

export function timelineRows(state: JoinState | null, now = Date.now()): TimelineRow[] {
  if (!state) return [];
  const running = state.phase === 'running';
  return state.steps.map((step) => ({
    id: step.id,
    status: step.status,
    // A running step shows how long this attempt has been running so far, not the last attempt's time.
    durationMs: step.status === 'running' ? (step.startedAt ? Math.max(0, now - Date.parse(step.startedAt)) : 0) : step.durationMs,
    attempts: step.attempts,
    errorCode: step.error?.code ?? null,
    knownProblems: step.knownProblems,
    canRetry: step.status === 'failed' && !running,
  }));
}

/** "0:07", "12:03", "1:02:03": the same in every language. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
