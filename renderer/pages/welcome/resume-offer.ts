/** Whether Welcome should offer to pick up a join left unfinished in this state directory. */
import type { SecretField } from '../../../shared/secret-refs.js';
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

/**
 * The saved join's secrets that were typed in the wizard and that WinJoin can
 * ask for again (state.json keeps their masked form as the hint). A join saved
 * before hints existed has none: the page then only shows the fix.
 */
export function typedSecrets(state: JoinState | null): { field: SecretField; hint: string }[] {
  return (state?.secrets ?? []).flatMap((s) => ('entered' in s.source && s.hint ? [{ field: s.field, hint: s.hint }] : []));
}
