/**
 * A restart scheduled for later (a maintenance window): turning the card's
 * day and HH:MM, or the answer file's HH:MM, into a moment; checking that
 * moment (the card checks it to name the fix, main checks it again because a
 * page's request is never trusted); and the shutdown.exe arguments that ask
 * Windows for it.
 */

/** How far ahead a restart may be scheduled: a week covers any weekly maintenance window. */
export const MAX_SCHEDULE_DAYS = 7;
/** The earliest: a minute ahead, so Windows' own warning to signed-in users has time to show. */
export const MIN_LEAD_SECONDS = 60;

/** Days the card offers: 0 today, 1 tomorrow, ... up to the last day within MAX_SCHEDULE_DAYS. */
export const SCHEDULE_DAY_OFFSETS = Array.from({ length: MAX_SCHEDULE_DAYS }, (_, i) => i);

export type RestartTimeProblem = 'format' | 'past' | 'too-far';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** '02:30' -> [2, 30]; null unless 24-hour HH:MM (what Windows admins write in a maintenance window). */
export function parseClockTime(text: string): [number, number] | null {
  const match = HHMM.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** The local moment at HH:MM, dayOffset days after now's date; null when the time is not HH:MM. */
export function restartMoment(dayOffset: number, clock: string, now: Date): Date | null {
  const hm = parseClockTime(clock);
  if (!hm) return null;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + dayOffset, hm[0], hm[1], 0, 0);
}

/** The answer file's "restart at HH:MM": its next occurrence (today if still ahead, else tomorrow). */
export function nextOccurrence(clock: string, now: Date): Date | null {
  const today = restartMoment(0, clock, now);
  if (!today) return null;
  return today.getTime() - now.getTime() >= MIN_LEAD_SECONDS * 1000 ? today : restartMoment(1, clock, now);
}

/** Why a moment cannot be the scheduled restart, or null when it can. */
export function restartTimeProblem(at: Date | null, now: Date): RestartTimeProblem | null {
  if (!at || Number.isNaN(at.getTime())) return 'format';
  const ahead = at.getTime() - now.getTime();
  if (ahead < MIN_LEAD_SECONDS * 1000) return 'past';
  if (ahead > MAX_SCHEDULE_DAYS * 24 * 3600 * 1000) return 'too-far';
  return null;
}

/** Whole seconds from now until the moment, for shutdown /t. */
export function secondsUntil(at: Date, now: Date): number {
  return Math.max(0, Math.round((at.getTime() - now.getTime()) / 1000));
}

/**
 * Windows' reason code "Operating System: Reconfiguration (Planned)": a Windows
 * feature was installed (rather than p:4:1 "Application: Maintenance", which
 * reads as if an application were being serviced).
 */
export const SHUTDOWN_REASON = 'p:2:4';
/** Older shutdown.exe versions refuse a /c comment longer than 127 characters. */
const MAX_COMMENT = 127;

/**
 * shutdown.exe's arguments for a restart in `seconds`: /d gives the planned
 * reason and /c the comment that Windows writes to the System log (event 1074),
 * where admins look for who restarted a server and why. Passed as an argument
 * array (no shell); none may contain `"`, which Windows' command-line
 * quoting would have to escape.
 */
export function shutdownArguments(seconds: number, comment: string): string[] {
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`shutdown /t needs whole seconds, got ${seconds}`);
  if (comment.includes('"')) throw new Error('the shutdown comment must not contain a double quote');
  return ['/r', '/t', String(seconds), '/d', SHUTDOWN_REASON, '/c', comment.slice(0, MAX_COMMENT)];
}

/** shutdown.exe's arguments that cancel a pending restart. */
export const ABORT_SHUTDOWN_ARGUMENTS: readonly string[] = ['/a'];

/** The comment in the System log: which step asked and why (English: the event log is read by support, in any language). */
export function shutdownComment(stepIds: readonly string[]): string {
  const steps = stepIds.length > 0 ? stepIds.join(', ') : 'a join step';
  return `WinJoin: ${steps} installed the Containers feature; the Kubernetes join resumes at the next logon`;
}
