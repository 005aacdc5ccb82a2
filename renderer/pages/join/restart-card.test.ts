import { describe, expect, it } from 'vitest';
import type { JoinState } from '../../../shared/state.js';
import {
  asksWhen,
  canCancel,
  canResume,
  checkSchedule,
  restartMessage,
  scheduleDays,
  scheduledWhen,
  stepsAskingRestart,
  type RestartOutcome,
} from './restart-card.js';

const answered = (simulated: boolean, restarting: boolean, restartAt: string | null = null) =>
  ({ kind: 'answered', response: { simulated, restarting, scheduled: !simulated, restartAt } }) as const;
const when = (iso: string) => ({ date: `date of ${iso}`, time: 'hh:mm' });
const at = '2026-12-04T02:30:00.000Z';

describe('restart card', () => {
  it('asks first, then says what happens next', () => {
    expect(restartMessage({ kind: 'unanswered' }, when)).toBeNull();
    expect(restartMessage(answered(false, false), when)?.key).toBe('pages.join.restart.notNow');
    expect(restartMessage({ ...answered(false, false), cancelled: true }, when)?.key).toBe('pages.join.restart.cancelled');
    expect(restartMessage(answered(false, true), when)?.key).toBe('pages.join.restart.restarting');
    expect(restartMessage(answered(false, false, at), when)).toEqual({
      key: 'pages.join.restart.scheduledAt',
      params: { date: `date of ${at}`, time: 'hh:mm' },
    });
    expect(restartMessage(answered(true, false, at), when)?.key).toBe('pages.join.restart.simulatedScheduled');
    expect(restartMessage(answered(true, true), when)?.key).toBe('pages.join.restart.simulatedRestarted');
    expect(restartMessage(answered(true, false), when)?.key).toBe('pages.join.restart.simulatedLater');
    expect(restartMessage({ kind: 'failed', code: 'E_INVALID_REQUEST' }, when)).toEqual({
      key: 'pages.join.restart.failed',
      params: { code: 'E_INVALID_REQUEST' },
    });
    // A refused time is corrected in the form, not answered with "restart by hand".
    expect(restartMessage({ kind: 'failed', code: 'E_RESTART_TIME' }, when)).toBeNull();
  });

  it('offers Resume once answered, except while Windows restarts now or at its scheduled time', () => {
    expect(canResume({ kind: 'unanswered' })).toBe(false);
    expect(canResume(answered(false, false))).toBe(true);
    expect(canResume(answered(false, true))).toBe(false);
    expect(canResume(answered(false, false, at))).toBe(false);
    expect(canResume(answered(true, false, at))).toBe(false);
    expect(canResume(answered(true, true))).toBe(true);
    expect(canResume({ kind: 'failed', code: 'E_INTERNAL' })).toBe(true);
    expect(canResume({ kind: 'failed', code: 'E_RESTART_TIME' })).toBe(false);
  });

  it('asks again after Later or a cancel, offers cancelling only a scheduled restart', () => {
    const cases: [RestartOutcome, boolean, boolean][] = [
      [{ kind: 'unanswered' }, true, false],
      [answered(false, false), true, false],
      [answered(false, true), false, false],
      [answered(false, false, at), false, true],
      [answered(true, false, at), false, true],
      [{ kind: 'failed', code: 'E_RESTART_TIME' }, true, false],
      [{ kind: 'failed', code: 'E_INTERNAL' }, false, false],
    ];
    for (const [outcome, asks, cancels] of cases) {
      expect([asksWhen(outcome), canCancel(outcome)]).toEqual([asks, cancels]);
    }
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

describe('scheduling form', () => {
  const now = new Date(2026, 11, 3, 9, 30);

  it('offers today, tomorrow, then dates up to a week ahead', () => {
    const days = scheduleDays(now, 'en');
    expect(days.map((d) => d.offset)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(days[0]!.key).toBe('pages.join.restart.schedule.today');
    expect(days[1]!.key).toBe('pages.join.restart.schedule.tomorrow');
    expect(days[2]!.label).toBe('Sat, Dec 5');
  });

  it('names the field and the fix for a wrong time, else gives the moment', () => {
    expect(checkSchedule(0, '2:30', now)).toEqual({ field: 'time', error: { key: 'pages.join.restart.schedule.errors.format' } });
    expect(checkSchedule(0, '09:00', now)).toEqual({
      field: 'time',
      error: { key: 'pages.join.restart.schedule.errors.past', params: { time: '09:00' } },
    });
    expect(checkSchedule(7, '10:00', now)).toEqual({
      field: 'day',
      error: { key: 'pages.join.restart.schedule.errors.tooFar', params: { maxDays: '7' } },
    });
    expect(checkSchedule(1, '02:30', now)).toEqual({ at: new Date(2026, 11, 4, 2, 30) });
  });

  it('says a scheduled moment as a date and a 24-hour time in the user language', () => {
    const iso = new Date(2026, 11, 4, 14, 5).toISOString();
    expect(scheduledWhen(iso, 'en')).toEqual({ date: 'Friday, December 4', time: '14:05' });
    expect(scheduledWhen(iso, 'ja')).toEqual({ date: '12月4日金曜日', time: '14:05' });
  });
});
