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
  /** Clock ticks after boot (field 22 of /proc/<pid>/stat). */
  startTicks: number;
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
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') continue;
    entries.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]), startTicks: Number(fields[19]) });
  }
  return entries;
}

/** Seconds since the epoch the machine booted at (/proc/stat btime). */
function bootTime(): number {
  return Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1] ?? 0);
}

/** A recorded simulated process: its pid and, when known, when it started (ISO), so a reused pid is left alone. */
export interface ProcessRoot {
  pid: number;
  startTime?: string;
}

/** Whether the live process with this pid is the one recorded (same start within two seconds: btime is whole seconds). */
function isRecorded(entry: ProcEntry, root: ProcessRoot, boot: number): boolean {
  if (!root.startTime) return true;
  // Linux counts a process's start in clock ticks after boot; USER_HZ is 100 on every platform the rehearsal runs on.
  const started = boot + entry.startTicks / 100;
  return Math.abs(started - Date.parse(root.startTime) / 1000) < 2;
}

/**
 * The processes of these roots: each root that is still the recorded process, every process of its group
 * (Linux never gives a pid in use as a group id to a new process, so the group is the root's even after it
 * ended), and every descendant of those.
 */
export function processTrees(roots: readonly ProcessRoot[]): number[] {
  const table = processTable();
  const boot = bootTime();
  const tree = new Set<number>();
  for (const p of table) {
    const own = roots.find((r) => r.pid === p.pid);
    if ((own && isRecorded(p, own, boot)) || roots.some((r) => r.pid === p.pgid && r.pid !== p.pid)) tree.add(p.pid);
  }
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
export function endProcessTrees(roots: readonly ProcessRoot[], waitMs = 5000): void {
  const live = roots.filter((root) => root.pid > 0);
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
