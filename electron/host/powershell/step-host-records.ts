/**
 * Which step hosts (PowerShell processes running a step) are running, kept
 * on disk in <stateDir>/running-steps/<stepId>.json from spawn to exit.
 *
 * If WinJoin dies without cleaning up (killed, crashed, power to the UI lost
 * but not to the machine), the step host it started keeps running: it is
 * detached on POSIX, and a Windows child outlives its parent. The resumed
 * join runs that step again, and two copies of one script would then race
 * on the same machine (half-installed Docker, two `kubectl create`s). So
 * before the first step of a run, every step host a previous process left
 * behind is ended, with everything it started.
 *
 * A record is trusted only within the boot it was written in, and on Linux
 * only while the pid still runs the step host: pids are reused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export const RUNNING_STEPS_DIR = 'running-steps';

interface StepHostRecord {
  pid: number;
  /** When the machine booted, to the second: a record from an earlier boot names no live process of ours. */
  bootedAt: number;
  /** Something the process's command line contains (the step host script). */
  marker: string;
}

const bootedAt = () => Math.round(Date.now() / 1000 - os.uptime());
/** os.uptime() and the clock are read at slightly different moments. */
const BOOT_TOLERANCE_S = 5;
const GONE_POLL_MS = 50;
const GONE_WAIT_MS = 10_000;

export class StepHostRecords {
  private readonly dir: string;

  constructor(
    stateDir: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.dir = path.join(stateDir, RUNNING_STEPS_DIR);
  }

  private file(stepId: string): string {
    return path.join(this.dir, `${stepId}.json`);
  }

  started(stepId: string, pid: number, marker: string): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const record: StepHostRecord = { pid, bootedAt: bootedAt(), marker };
    fs.writeFileSync(this.file(stepId), JSON.stringify(record) + '\n');
  }

  ended(stepId: string): void {
    fs.rmSync(this.file(stepId), { force: true });
  }

  /** Ends every step host a previous WinJoin process left running, and forgets the records. */
  async endOrphans(): Promise<string[]> {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const ended: string[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      const record = readRecord(file);
      if (record && record.pid !== process.pid && this.isOurs(record)) {
        await this.endTree(record.pid);
        ended.push(name.slice(0, -'.json'.length));
      }
      fs.rmSync(file, { force: true });
    }
    return ended;
  }

  private isOurs(record: StepHostRecord): boolean {
    if (Math.abs(record.bootedAt - bootedAt()) > BOOT_TOLERANCE_S) return false;
    if (!alive(record.pid)) return false;
    if (this.platform === 'linux') {
      try {
        return fs.readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').includes(record.marker);
      } catch {
        return false;
      }
    }
    return true;
  }

  /** Killed but not yet reaped by whoever adopted it: it no longer runs. */
  private zombie(pid: number): boolean {
    if (this.platform !== 'linux') return false;
    try {
      return /^\d+ \(.*\) Z /s.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  }

  private async endTree(pid: number): Promise<void> {
    if (this.platform === 'win32') {
      // Walks the tree by parent id while the root still lives, as kill-tree.ts does for a cancel.
      const taskkill = path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'taskkill.exe');
      await execa(taskkill, ['/T', '/F', '/PID', String(pid)], { reject: false, windowsHide: true });
    } else {
      // The step host was spawned detached: it leads a process group holding everything it started.
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, 'SIGKILL');
          break;
        } catch {
          // Not a group (or already gone): try the process alone.
        }
      }
    }
    // The step must not start again until the old copy has stopped touching the machine.
    const deadline = Date.now() + GONE_WAIT_MS;
    while (alive(pid) && !this.zombie(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, GONE_POLL_MS));
  }
}

function readRecord(file: string): StepHostRecord | null {
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StepHostRecord>;
    if (typeof record.pid !== 'number' || typeof record.bootedAt !== 'number' || typeof record.marker !== 'string') return null;
    return record as StepHostRecord;
  } catch {
    // Torn by the crash it is about: nothing to trust in it.
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
