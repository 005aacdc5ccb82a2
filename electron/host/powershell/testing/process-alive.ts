/**
 * Test helpers: whether a process still runs, and waiting for a file a
 * fixture writes. A killed orphan can stay a zombie when the container's
 * init does not reap it, so on Linux a zombie counts as gone.
 */
import fs from 'node:fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name, which may itself contain ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/** Reads a PID a fixture wrote, once it is complete (ends with a newline). */
export function readPid(file: string): number | null {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.endsWith('\n') ? Number.parseInt(text, 10) : null;
  } catch {
    return null;
  }
}
