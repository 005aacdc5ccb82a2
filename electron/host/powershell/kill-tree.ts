/**
 * Ends a process and everything it started. A step's PowerShell starts
 * native tools (docker, kubelet stand-ins, sh) that start their own children;
 * killing only the direct child would leave those running, still holding the
 * output pipes, so the step would neither stop nor finish.
 *
 * POSIX: the child is spawned detached, so it leads its own process group;
 * the whole group gets SIGTERM, then SIGKILL after a grace period.
 * Windows has no process groups: `taskkill /T /F` walks the tree by parent
 * id, which only works while the root is still alive, so it runs first.
 */
import path from 'node:path';
import { execa } from 'execa';

export interface TreeKiller {
  /** Starts ending the tree; safe to call more than once. */
  kill(): void;
  /** Call when the root has exited: forces whatever is left after a kill (POSIX: SIGKILL to the group). */
  finish(): void;
}

export interface TreeKillerOptions {
  pid: number;
  graceMs: number;
  /** Kills the root alone (execa's subprocess.kill): Windows' fallback when taskkill could not. */
  killRoot: () => void;
  platform?: NodeJS.Platform;
}

/**
 * Process groups still running, killed if WinJoin itself exits: a detached
 * child is exempt from execa's `cleanup`, and a step left running after a
 * crash would race the same step when the join resumes. 'exit' covers an
 * orderly quit and process.exit(); nothing can clean up after a SIGKILL.
 */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killLiveGroupsOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of liveGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}

export function treeKiller({ pid, graceMs, killRoot, platform = process.platform }: TreeKillerOptions): TreeKiller {
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  if (platform !== 'win32') {
    liveGroups.add(pid);
    killLiveGroupsOnExit();
  }

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      // A negative pid addresses the process group the detached child leads.
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };

  return {
    kill() {
      if (started) return;
      started = true;
      if (platform === 'win32') {
        // Absolute path for the same reason as powershell.exe: WinJoin runs elevated.
        const taskkill = path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'taskkill.exe');
        // A failure (the tree already exited) is harmless; the root is killed regardless.
        void execa(taskkill, ['/T', '/F', '/PID', String(pid)], { reject: false, windowsHide: true }).finally(killRoot);
        return;
      }
      signalGroup('SIGTERM');
      timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      timer.unref();
    },
    finish() {
      liveGroups.delete(pid);
      if (timer) clearTimeout(timer);
      timer = undefined;
      // Once the step is over nothing of its tree may linger: a member that
      // ignored SIGTERM (or closed its output early) is killed now.
      if (started && platform !== 'win32') signalGroup('SIGKILL');
    },
  };
}
