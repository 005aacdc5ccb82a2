import { describe, expect, it } from 'vitest';
import type { JoinState } from '../../../shared/state.js';
import { canResume, restartMessage, stepsAskingRestart } from './restart-card.js';

const answered = (simulated: boolean, restarting: boolean) =>
  ({ kind: 'answered', response: { simulated, restarting, scheduled: !simulated } }) as const;

describe('restart card', () => {
  it('asks first, then says what happens next', () => {
    expect(restartMessage({ kind: 'unanswered' })).toBeNull();
    expect(restartMessage(answered(false, false))?.key).toBe('pages.join.restart.scheduled');
    expect(restartMessage(answered(false, true))?.key).toBe('pages.join.restart.restarting');
    expect(restartMessage(answered(true, true))?.key).toBe('pages.join.restart.simulatedRestarted');
    expect(restartMessage(answered(true, false))?.key).toBe('pages.join.restart.simulatedLater');
    expect(restartMessage({ kind: 'failed', code: 'E_INVALID_REQUEST' })).toEqual({
      key: 'pages.join.restart.failed',
      params: { code: 'E_INVALID_REQUEST' },
    });
  });

  it('offers Resume once answered, except while Windows itself restarts', () => {
    expect(canResume({ kind: 'unanswered' })).toBe(false);
    expect(canResume(answered(false, false))).toBe(true);
    expect(canResume(answered(false, true))).toBe(false);
    expect(canResume(answered(true, true))).toBe(true);
    expect(canResume({ kind: 'failed', code: 'E_INTERNAL' })).toBe(true);
  });

  it('names the steps that asked for the restart', () => {
    const state = {
      steps: [
        { id: 'docker', status: 'restart-pending' },
        { id: 'proxy', status: 'done' },
      ],
    } as unknown as JoinState;
    expect(stepsAskingRestart(state)).toEqual(['docker']);
  });
});
