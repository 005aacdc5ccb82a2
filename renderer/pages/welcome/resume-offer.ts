/** Whether Welcome should offer to pick up a join left unfinished in this state directory. */
import type { JoinState } from '../../../shared/state.js';

export type ResumeOffer = 'failed' | 'cancelled' | 'restart-required' | 'running' | null;

/**
 * A "running" phase can also be a join whose WinJoin was closed or crashed
 * mid-step: the renderer cannot tell the two apart, so it offers both
 * watching and resuming (a resume of a live run is refused and just opens it).
 */
export function resumeOffer(state: JoinState | null): ResumeOffer {
  if (!state) return null;
  switch (state.phase) {
    case 'failed':
    case 'cancelled':
    case 'restart-required':
    case 'running':
      return state.phase;
    default:
      return null;
  }
}
