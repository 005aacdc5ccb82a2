/**
 * The restart card's wording: what the chosen answer (restart now or later)
 * led to, in a real join or a rehearsal, and when to offer Resume.
 */
import type { CallResponse } from '../../../shared/ipc/contract.js';
import type { JoinState } from '../../../shared/state.js';

export type RestartOutcome =
  { kind: 'unanswered' } | { kind: 'answered'; response: CallResponse<'system:restart'> } | { kind: 'failed'; code: string };

export function restartMessage(outcome: RestartOutcome): { key: string; params?: Record<string, string> } | null {
  switch (outcome.kind) {
    case 'unanswered':
      return null;
    case 'failed':
      // Whatever went wrong, the way on is the same: restart by hand, then Resume.
      return { key: 'pages.join.restart.failed', params: { code: outcome.code } };
    case 'answered': {
      const { simulated, restarting } = outcome.response;
      if (simulated) return { key: restarting ? 'pages.join.restart.simulatedRestarted' : 'pages.join.restart.simulatedLater' };
      return { key: restarting ? 'pages.join.restart.restarting' : 'pages.join.restart.scheduled' };
    }
  }
}

/** Resume is offered once the question is answered, unless Windows itself is going down. */
export function canResume(outcome: RestartOutcome): boolean {
  if (outcome.kind === 'unanswered') return false;
  return !(outcome.kind === 'answered' && outcome.response.restarting && !outcome.response.simulated);
}

export function stepsAskingRestart(state: JoinState): string[] {
  return state.steps.filter((s) => s.status === 'restart-pending').map((s) => s.id);
}
