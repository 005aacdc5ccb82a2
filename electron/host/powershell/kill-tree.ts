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
  /** Forces whatever is left (POSIX: SIGKILL to the group) and stops the grace timer. */
  finish(): void;
}

export interface TreeKillerOptions {
  pid: number;
  graceMs: number;
  /** Kills the root alone (execa's subprocess.kill): Windows' fallback when taskkill could not. */
  killRoot: () => void;
  platform?: NodeJS.Platform;
}

export function treeKiller({ pid, graceMs, killRoot, platform = process.platform }: TreeKillerOptions): TreeKiller {
  let started = false;
  let timer: NodeJS.Timeout | undefined;

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
      if (timer) clearTimeout(timer);
      timer = undefined;
      // Once the step is over nothing of its tree may linger: a member that
      // ignored SIGTERM (or closed its output early) is killed now.
      if (started && platform !== 'win32') signalGroup('SIGKILL');
    },
  };
}
