/**
 * Runs `winjoin` as a child process (node + tsx on electron/cli/winjoin.ts,
 * not the tsx wrapper, so a SIGKILL hits the engine itself and nothing
 * cleans up after it) and streams its `--json` events as they are printed.
 * The kill/resume test uses it to crash a join at chosen events, which the
 * in-process driver (run-scenario.ts) cannot do.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { JournalEvent } from '../../../../shared/events.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const entry = path.join(repoRoot, 'electron', 'cli', 'winjoin.ts');

export interface CliProcessResult {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The events the process printed, in order, up to its end (or the kill). */
  events: JournalEvent[];
  /** The event after which it was killed, if it was. */
  killedAfter: JournalEvent | null;
  err: string;
}

/**
 * Starts `winjoin <argv> --state-dir DIR`; `killAt` sees every event as it
 * arrives and returning true SIGKILLs the process right there.
 */
export function runCliProcess(
  stateDir: string,
  argv: string[],
  killAt: (event: JournalEvent) => boolean = () => false,
): Promise<CliProcessResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...argv, '--state-dir', stateDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: JournalEvent[] = [];
  const err: string[] = [];
  let killedAfter: JournalEvent | null = null;
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk.toString('utf8')));
  const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (killedAfter || !line.startsWith('{')) return;
    const event = JSON.parse(line) as JournalEvent;
    events.push(event);
    if (killAt(event)) {
      killedAfter = event;
      child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close' waits for stdout to end as well, so every printed event of a finished run has been read.
    child.once('close', (code, signal) => resolve({ pid: child.pid ?? -1, code, signal, events, killedAfter, err: err.join('') }));
  });
}
