/**
 * Where a join keeps its state, journal, transcripts and download cache:
 * --state-dir, else WINJOIN_STATE_DIR, else %ProgramData%\WinJoin on Windows
 * (machine-wide, because the join is machine-wide and survives a logoff),
 * else $XDG_STATE_HOME/winjoin (~/.local/state/winjoin).
 */
import os from 'node:os';
import path from 'node:path';

export function resolveStateDir(flag?: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (flag) return path.resolve(flag);
  if (env.WINJOIN_STATE_DIR) return path.resolve(env.WINJOIN_STATE_DIR);
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'WinJoin');
  const base = env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'winjoin');
}

/** File names inside a state directory, in one place for the engine, the bundle and the docs. */
export const STATE_FILES = {
  state: 'state.json',
  journal: 'journal.jsonl',
  lock: 'join.lock',
  answers: 'answers.json',
  /** The answers the last join started with, already redacted: the bundle has them even if nobody saved an answer file. */
  runAnswers: 'run-answers.redacted.json',
  /** The last connection test's result (no secrets in it; redacted again on write). */
  lastProbe: 'last-probe.json',
  /** A reset's progress (shared/reset.ts): which undo steps ran and how they ended. */
  resetState: 'reset-state.json',
  /** The state.json of the join a complete reset undid, moved aside: the bundle still tells what was joined and removed. */
  resetJoin: 'state.reset.json',
  /** A restart scheduled from the Join page (restart-control.ts): the card shows it again after WinJoin reopens. */
  restartSchedule: 'restart-schedule.json',
  logs: 'logs',
  downloads: 'downloads',
  uploads: 'uploads',
} as const;

/**
 * The service logs under logs/: written by the kubelet and kube-proxy
 * services (nssm redirects their output) when they run as Windows services.
 */
export const SERVICE_LOGS = { kubelet: 'kubelet.log', 'kube-proxy': 'kube-proxy.log' } as const;

/** A service log's path relative to the state directory, as a plan names it. */
export function serviceLogPath(service: keyof typeof SERVICE_LOGS): string {
  return `${STATE_FILES.logs}/${SERVICE_LOGS[service]}`;
}
