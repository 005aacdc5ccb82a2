/**
 * The simulated machine's processes as trees: a simulated service or console
 * window is a pwsh in its own session, whose children (the stand-in kubelet,
 * kube-proxy) may start sessions of their own. Ending one ends all of it, as
 * a Windows shutdown does and nssm does on stop (AppKillProcessTree). Linux
 * only, like the rest of the rehearsal: read from /proc.
 */
import fs from 'node:fs';

interface ProcEntry {
  pid: number;
  ppid: number;
  pgid: number;
}

/** Every live process (a zombie has ended; only its parent's wait is missing). */
function processTable(): ProcEntry[] {
  const entries: ProcEntry[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended while listed
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so fields count from the last ')'.
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z') continue;
    entries.push({ pid: Number(name), ppid: Number(ppid), pgid: Number(pgid) });
  }
  return entries;
}

/** The processes of these roots: each root, its process group and every descendant. */
export function processTrees(roots: readonly number[]): number[] {
  const table = processTable();
  const tree = new Set(table.filter((p) => roots.includes(p.pid) || roots.includes(p.pgid)).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of table)
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
  }
  return [...tree];
}

function signal(pids: readonly number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // Ended meanwhile.
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Ends the trees of these roots: asked to stop (SIGTERM), killed after waitMs,
 * and waited for, so the caller sees a machine without them. Synchronous: a
 * rehearsal's close and restart run it.
 */
export function endProcessTrees(roots: readonly number[], waitMs = 5000): void {
  const live = roots.filter((pid) => pid > 0);
  if (!live.length) return;
  const killAt = Date.now() + waitMs;
  const giveUpAt = killAt + 5000;
  while (Date.now() < giveUpAt) {
    const tree = processTrees(live);
    if (!tree.length) return;
    signal(tree, Date.now() < killAt ? 'SIGTERM' : 'SIGKILL');
    sleepSync(50);
  }
}
