/**
 * One join per state directory. The lock file holds the owner's pid; a lock
 * whose owner is gone (crash, reboot) is taken over, so a crash never leaves
 * the machine unjoinable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WinJoinError } from '../../shared/errors.js';
import { STATE_FILES } from './state-dir.js';

export interface JoinLock {
  release(): void;
}

export function acquireJoinLock(stateDir: string): JoinLock {
  fs.mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, STATE_FILES.lock);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return {
        release() {
          try {
            if (readOwner(file) === process.pid) fs.unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        throw new WinJoinError('E_JOIN_IN_PROGRESS', `another join (pid ${owner}) holds ${file}`, { pid: String(owner) });
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new WinJoinError('E_JOIN_IN_PROGRESS', `could not take the join lock ${file}`);
}

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
