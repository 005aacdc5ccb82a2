/**
 * The answer to a step's restart request, in main: restart now, later, or at
 * a scheduled time, and cancelling a scheduled restart. Before any restart
 * WinJoin arranges to resume at the next logon (Register-WinJoinResume.ps1).
 *
 * A scheduled restart is Windows' own `shutdown.exe /r /t <seconds> /d p:2:4
 * /c <comment>`, run directly (no shell, no PowerShell) with an argument array
 * free of `"`. Windows admins expect it over a scheduled task: the restart is
 * logged as event 1074 with WinJoin's reason and comment (where they look for
 * who restarted a server), signed-in users get Windows' own countdown
 * warnings, and `shutdown /a` cancels it from any console. The time is also
 * kept in the state directory, so the card shows it after WinJoin reopens.
 *
 * A rehearsal restarts its simulated machine instead, at the chosen time
 * (a timer in this process; the card says it is a simulation).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CallResponse, Handlers } from '../../shared/ipc/contract.js';
import { WinJoinError } from '../../shared/errors.js';
import {
  ABORT_SHUTDOWN_ARGUMENTS,
  MAX_SCHEDULE_DAYS,
  restartTimeProblem,
  secondsUntil,
  shutdownArguments,
  shutdownComment,
} from '../../shared/restart-schedule.js';
import type { RunPhase } from '../../shared/state.js';
import { STATE_FILES } from '../join/state-dir.js';
import type { RehearsalSession, ServiceDeps } from './deps.js';

/** shutdown.exe's exit code when /a finds no restart to cancel (ERROR_NO_SHUTDOWN_IN_PROGRESS). */
const NO_SHUTDOWN_IN_PROGRESS = 1116;

export interface RestartControlOptions {
  stateDir: string;
  phase: () => RunPhase | undefined;
  /** The steps that asked for the restart (named in the restart's comment in the System log). */
  stepsAsking: () => string[];
  rehearsal: RehearsalSession | null;
  /** How the desktop app starts itself again (null: the preview or the CLI, which cannot restart Windows). */
  relaunch: { exePath: string; args: string[] } | null | undefined;
  deps: Pick<ServiceDeps, 'runSystemScript' | 'runShutdown'>;
  platform?: NodeJS.Platform;
  now?: () => Date;
}

type RestartHandlers = Pick<Handlers, 'system:restart' | 'system:cancelRestart' | 'system:restartStatus'>;

export interface RestartControl {
  handlers: RestartHandlers;
  /** Before a resume: a rehearsal that stopped for a restart restarts its machine first, unless that happened already. */
  beforeResume(): void;
  close(): void;
}

interface SavedSchedule {
  at: string;
  simulated: boolean;
}

export function createRestartControl(options: RestartControlOptions): RestartControl {
  const { rehearsal, deps } = options;
  const now = options.now ?? (() => new Date());
  const file = path.join(options.stateDir, STATE_FILES.restartSchedule);
  let simulatedRestartDone = false;
  let timer: NodeJS.Timeout | null = null;
  let restartAt: string | null = null;

  function save(at: string | null): void {
    restartAt = at;
    if (at) fs.writeFileSync(file, JSON.stringify({ at, simulated: rehearsal !== null } satisfies SavedSchedule), { mode: 0o600 });
    else fs.rmSync(file, { force: true });
  }

  function restartSimulatedMachine(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    save(null);
    rehearsal!.restartMachine();
    simulatedRestartDone = true;
  }

  /** The simulated machine restarts at `at`; one already past (WinJoin was closed then) restarts it now. */
  function armSimulated(at: string): void {
    const delay = new Date(at).getTime() - now().getTime();
    if (delay <= 0) return restartSimulatedMachine();
    timer = setTimeout(restartSimulatedMachine, delay);
    // A CLI or test process may end before the time: the timer must not keep it alive.
    timer.unref();
  }

  // A schedule saved by an earlier WinJoin process of the same mode.
  const saved = readSaved(file);
  if (saved && saved.simulated === (rehearsal !== null)) {
    if (rehearsal) {
      restartAt = saved.at;
      armSimulated(saved.at);
    } else if (new Date(saved.at).getTime() > now().getTime()) restartAt = saved.at;
    // A real one in the past: Windows restarted (or someone cancelled it); nothing is pending.
    else save(null);
  }

  function requireRestartPhase(call: string): void {
    // Only the answer to a step's restart request; never a way for the page to restart the server at will.
    if (options.phase() !== 'restart-required') {
      throw new WinJoinError('E_INVALID_REQUEST', `${call} is accepted only while the join waits for a restart`, { field: 'phase' });
    }
  }

  function checkedTime(at: string): Date {
    const moment = new Date(at);
    const problem = restartTimeProblem(moment, now());
    if (problem) {
      throw new WinJoinError('E_RESTART_TIME', `the restart time ${at} is not accepted: ${problem}`, {
        field: 'restartAt',
        problem,
        maxDays: String(MAX_SCHEDULE_DAYS),
      });
    }
    return moment;
  }

  function requireWindowsApp(): { relaunch: { exePath: string; args: string[] } } {
    const platform = options.platform ?? process.platform;
    if (!options.relaunch || platform !== 'win32' || !deps.runSystemScript || !deps.runShutdown) {
      throw new WinJoinError('E_INVALID_REQUEST', 'restarting the computer is possible only from the desktop app on Windows');
    }
    return { relaunch: options.relaunch };
  }

  /** shutdown /a; a restart that is no longer pending is no error. */
  async function abortScheduled(): Promise<void> {
    const { exitCode } = await deps.runShutdown!([...ABORT_SHUTDOWN_ARGUMENTS]);
    if (exitCode !== 0 && exitCode !== NO_SHUTDOWN_IN_PROGRESS) {
      throw new WinJoinError('E_RESTART_SCHEDULE', `shutdown /a ended with exit code ${exitCode}`, { exitCode: String(exitCode) });
    }
    save(null);
  }

  const answer = (fields: Omit<CallResponse<'system:restart'>, 'restartAt'>): CallResponse<'system:restart'> => ({
    ...fields,
    restartAt,
  });

  const handlers: RestartHandlers = {
    async 'system:restart'(request) {
      requireRestartPhase('system:restart');
      if (rehearsal) {
        if (request.when === 'scheduled') {
          const at = checkedTime(request.at).toISOString();
          if (timer) clearTimeout(timer);
          save(at);
          armSimulated(at);
          return answer({ scheduled: false, restarting: false, simulated: true });
        }
        if (request.when === 'now') restartSimulatedMachine();
        else if (timer) {
          clearTimeout(timer);
          timer = null;
          save(null);
        }
        return answer({ scheduled: false, restarting: request.when === 'now', simulated: true });
      }
      const at = request.when === 'scheduled' ? checkedTime(request.at) : null;
      const { relaunch } = requireWindowsApp();
      // Whatever is chosen now replaces a restart scheduled before.
      if (restartAt) await abortScheduled();
      await deps.runSystemScript!('Register-WinJoinResume.ps1', {
        ExePath: relaunch.exePath,
        Arguments: relaunch.args,
        RestartNow: request.when === 'now',
      });
      if (at) {
        const args = shutdownArguments(secondsUntil(at, now()), shutdownComment(options.stepsAsking()));
        const { exitCode } = await deps.runShutdown!(args);
        if (exitCode !== 0) {
          throw new WinJoinError('E_RESTART_SCHEDULE', `shutdown /r /t ended with exit code ${exitCode}`, {
            exitCode: String(exitCode),
          });
        }
        save(at.toISOString());
      }
      return answer({ scheduled: true, restarting: request.when === 'now', simulated: false });
    },
    async 'system:cancelRestart'() {
      requireRestartPhase('system:cancelRestart');
      if (!restartAt) throw new WinJoinError('E_INVALID_REQUEST', 'no restart is scheduled', { field: 'restartAt' });
      if (rehearsal) {
        if (timer) clearTimeout(timer);
        timer = null;
        save(null);
        return answer({ scheduled: false, restarting: false, simulated: true });
      }
      requireWindowsApp();
      await abortScheduled();
      // The resume at the next logon stays: the administrator restarts later, and WinJoin still comes back.
      return answer({ scheduled: true, restarting: false, simulated: false });
    },
    async 'system:restartStatus'() {
      return { restartAt, simulated: rehearsal !== null, simulatedRestarted: simulatedRestartDone };
    },
  };

  return {
    handlers,
    beforeResume() {
      if (rehearsal && options.phase() === 'restart-required' && !simulatedRestartDone && (rehearsal.restartPending?.() ?? true))
        restartSimulatedMachine();
      simulatedRestartDone = false;
      // The join goes on: a schedule left from before (a real restart already happened) is over.
      if (!rehearsal && restartAt && new Date(restartAt).getTime() <= now().getTime()) save(null);
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

function readSaved(file: string): SavedSchedule | null {
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SavedSchedule>;
    return typeof saved.at === 'string' && typeof saved.simulated === 'boolean' && !Number.isNaN(Date.parse(saved.at))
      ? { at: saved.at, simulated: saved.simulated }
      : null;
  } catch {
    return null;
  }
}
