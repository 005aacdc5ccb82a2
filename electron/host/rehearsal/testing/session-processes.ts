/**
 * The live processes a rehearsal session started: each simulated service,
 * console window, step host and stand-in carries the session's
 * WINJOIN_REHEARSAL_DIR in its environment (Linux: read from /proc).
 */
import fs from 'node:fs';

export interface SessionProcess {
  pid: number;
  commandLine: string;
}

export function sessionProcesses(rehearsalRoot: string): SessionProcess[] {
  const marker = `WINJOIN_REHEARSAL_DIR=${rehearsalRoot}`;
  const found: SessionProcess[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (!fs.readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(marker)) continue;
      found.push({ pid: Number(name), commandLine: fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // Ended while listed, or not ours to read.
    }
  }
  return found;
}
