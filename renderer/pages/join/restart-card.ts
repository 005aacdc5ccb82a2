/**
 * The restart card's wording and choices: what the chosen answer (restart
 * now, at a scheduled time, or later) led to, in a real join or a rehearsal;
 * when to offer Resume; the days a restart can be scheduled on and what is
 * wrong with a chosen time, named by its field.
 */
import type { CallResponse } from '../../../shared/ipc/contract.js';
import { MAX_SCHEDULE_DAYS, restartMoment, restartTimeProblem, SCHEDULE_DAY_OFFSETS } from '../../../shared/restart-schedule.js';
import type { JoinState } from '../../../shared/state.js';

/** Main refused the scheduled time (it passed while the form was open, or the clocks differ). */
const TIME_REFUSED = 'E_RESTART_TIME';

export type RestartAnswer = CallResponse<'system:restart'>;

export type RestartOutcome =
  | { kind: 'unanswered' }
  | { kind: 'answered'; response: RestartAnswer; cancelled?: boolean }
  | { kind: 'failed'; code: string; params?: Record<string, string> };

export interface Message {
  key: string;
  params?: Record<string, string>;
}

/** The card's line about what happens next; `when` renders a scheduled time in the user's language. */
export function restartMessage(outcome: RestartOutcome, when: (iso: string) => Record<string, string>): Message | null {
  switch (outcome.kind) {
    case 'unanswered':
      return null;
    case 'failed':
      // A refused time is corrected in the form (its error says how); anything else: restart by hand, then Resume.
      if (outcome.code === TIME_REFUSED) return null;
      return { key: 'pages.join.restart.failed', params: { code: outcome.code } };
    case 'answered': {
      const { simulated, restarting, restartAt } = outcome.response;
      if (restartAt)
        return { key: simulated ? 'pages.join.restart.simulatedScheduled' : 'pages.join.restart.scheduledAt', params: when(restartAt) };
      if (simulated) return { key: restarting ? 'pages.join.restart.simulatedRestarted' : 'pages.join.restart.simulatedLater' };
      if (restarting) return { key: 'pages.join.restart.restarting' };
      return { key: outcome.cancelled ? 'pages.join.restart.cancelled' : 'pages.join.restart.notNow' };
    }
  }
}

/**
 * Resume is offered once the question is answered, unless Windows itself is
 * going down or is scheduled to (WinJoin then resumes by itself at the next
 * logon; a rehearsal offers it once the simulated machine restarted).
 */
export function canResume(outcome: RestartOutcome): boolean {
  if (outcome.kind === 'unanswered') return false;
  if (outcome.kind === 'failed') return outcome.code !== TIME_REFUSED;
  const { restarting, simulated, restartAt } = outcome.response;
  if (restartAt) return false;
  return !(restarting && !simulated);
}

/** Cancelling is offered while a restart is scheduled. */
export function canCancel(outcome: RestartOutcome): boolean {
  return outcome.kind === 'answered' && outcome.response.restartAt !== null;
}

/** The question is asked (again) unless Windows restarts now or at a scheduled time: a server's plans change. */
export function asksWhen(outcome: RestartOutcome): boolean {
  if (outcome.kind === 'unanswered') return true;
  if (outcome.kind === 'failed') return outcome.code === TIME_REFUSED;
  return !outcome.response.restarting && outcome.response.restartAt === null;
}

export function stepsAskingRestart(state: JoinState): string[] {
  return state.steps.filter((s) => s.status === 'restart-pending').map((s) => s.id);
}

/** The card's day choices: today, tomorrow, then dates, up to MAX_SCHEDULE_DAYS ahead. */
export function scheduleDays(now: Date, language: string): { offset: number; key?: string; label?: string }[] {
  const format = new Intl.DateTimeFormat(language, { weekday: 'short', month: 'short', day: 'numeric' });
  return SCHEDULE_DAY_OFFSETS.map((offset) => {
    if (offset === 0) return { offset, key: 'pages.join.restart.schedule.today' };
    if (offset === 1) return { offset, key: 'pages.join.restart.schedule.tomorrow' };
    return { offset, label: format.format(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset)) };
  });
}

/** What is wrong with the chosen day and time (the field to correct and how), or the moment to send to main. */
export function checkSchedule(dayOffset: number, clock: string, now: Date): { at: Date } | { error: Message; field: 'day' | 'time' } {
  const at = restartMoment(dayOffset, clock, now);
  const problem = restartTimeProblem(at, now);
  if (!problem) return { at: at! };
  if (problem === 'format') return { field: 'time', error: { key: 'pages.join.restart.schedule.errors.format' } };
  if (problem === 'past')
    return { field: 'time', error: { key: 'pages.join.restart.schedule.errors.past', params: { time: clock.trim() } } };
  return { field: 'day', error: { key: 'pages.join.restart.schedule.errors.tooFar', params: { maxDays: String(MAX_SCHEDULE_DAYS) } } };
}

/** A scheduled moment as the card says it: the local date and the 24-hour time. */
export function scheduledWhen(iso: string, language: string): Record<string, string> {
  const at = new Date(iso);
  return {
    date: new Intl.DateTimeFormat(language, { weekday: 'long', month: 'long', day: 'numeric' }).format(at),
    time: new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at),
  };
}
