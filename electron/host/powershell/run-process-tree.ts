/**
 * Runs one process, streams its output as UTF-8 lines, and on cancel or
 * timeout ends the whole tree it started. Knows nothing about PowerShell, so
 * its behaviour (decoding, line splitting, tree kill) is tested with cheap
 * processes.
 */
import { execa } from 'execa';
import { treeKiller } from './kill-tree.js';

export type OutputStream = 'stdout' | 'stderr';

export interface ProcessTreeOptions {
  file: string;
  args: string[];
  /** Added to the inherited environment. */
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL. */
  graceMs?: number;
  /** One decoded line, without its line ending. */
  onLine(stream: OutputStream, line: string): void;
  /** The process was started (with this pid); called before any of its output. */
  onSpawn?(pid: number): void;
}

export interface ProcessTreeResult {
  exitCode: number | null;
  /** The signal that ended the process, if one did. */
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Why the process could not be started (e.g. ENOENT); it then has no exit code. */
  spawnError?: string;
  durationMs: number;
}

const DEFAULT_GRACE_MS = 3_000;

export async function runProcessTree(options: ProcessTreeOptions): Promise<ProcessTreeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (options.signal?.aborted) {
    return { exitCode: null, signal: null, timedOut: false, cancelled: true, durationMs: 0 };
  }

  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  let sinkError: unknown;
  let stop: 'timeout' | 'cancel' | 'sink' | null = null;
  // Declared before the sinks so a throwing callback can stop the tree.
  let endTree: (reason: NonNullable<typeof stop>) => void = () => {};

  // execa decodes with a StringDecoder (a character split across chunks stays
  // whole) and hands a generator one line at a time (a line split across
  // chunks is joined). It strips "\n" and "\r\n" unless the "\r" ended the
  // previous chunk, so a stray trailing "\r" is removed here too.
  const sink = (stream: OutputStream) =>
    // eslint-disable-next-line require-yield -- lines are consumed here; yielding would buffer them for nothing.
    function* (line: unknown) {
      // execa types generator input as unknown; with encoding utf8 it is always a string.
      if (typeof line !== 'string' || sinkError !== undefined) return;
      try {
        options.onLine(stream, line.endsWith('\r') ? line.slice(0, -1) : line);
      } catch (error) {
        sinkError = error;
        endTree('sink');
      }
    };

  const subprocess = execa(options.file, options.args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    stdin: 'ignore',
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    encoding: 'utf8',
    // Lines go to the callback as they arrive; nothing is kept in memory.
    buffer: false,
    reject: false,
    // Leads its own process group on POSIX, so the group can be killed at once.
    // On Windows it would only get a console window of its own.
    detached: process.platform !== 'win32',
    windowsHide: true,
    // For the root alone when it is killed through execa (Windows' fallback).
    forceKillAfterDelay: graceMs,
  });

  // execa's own timeout and cancelSignal kill only the direct child, and its
  // grandchildren keep the output pipes open, so the tree is ended here.
  if (subprocess.pid !== undefined) options.onSpawn?.(subprocess.pid);
  const killer = subprocess.pid === undefined ? null : treeKiller({ pid: subprocess.pid, graceMs, killRoot: () => subprocess.kill() });
  endTree = (reason) => {
    if (stop !== null) return;
    stop = reason;
    if (killer) killer.kill();
    else subprocess.kill();
  };
  const onAbort = () => endTree('cancel');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => endTree('timeout'), options.timeoutMs);

  try {
    const result = await subprocess;
    if (sinkError !== undefined) throw sinkError;
    const spawnError = result.exitCode === undefined && result.signal === undefined && result.failed ? result.shortMessage : undefined;
    return {
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      timedOut: stop === 'timeout',
      cancelled: stop === 'cancel',
      ...(spawnError ? { spawnError } : {}),
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    killer?.finish();
  }
}
