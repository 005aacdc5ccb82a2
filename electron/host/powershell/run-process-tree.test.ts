import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runProcessTree, type OutputStream } from './run-process-tree.js';
import { isAlive, readPid } from './testing/process-alive.js';

const posix = process.platform !== 'win32';
let tmp: string | undefined;
afterEach(() => {
  // Should a kill have failed, leave no stray process behind for later tests.
  for (const file of tmp ? fs.readdirSync(tmp).filter((f) => f.endsWith('.pid')) : []) {
    const pid = readPid(path.join(tmp!, file));
    if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

function collect() {
  const lines: { stream: OutputStream; line: string }[] = [];
  return { lines, onLine: (stream: OutputStream, line: string) => lines.push({ stream, line }) };
}

describe('runProcessTree', () => {
  it('joins characters and lines split across chunks, and strips CRLF', async () => {
    // Writes the UTF-8 bytes of one text in pieces that cut a character and a
    // line in half, pausing between pieces so they arrive as separate chunks.
    const script = `
      const bytes = Buffer.from('日本語のログ\\r\\nsecond line\\nno newline at end', 'utf8');
      const cuts = [1, 4, 20, 22, bytes.length];
      let from = 0;
      const next = () => { const to = cuts.shift(); process.stdout.write(bytes.subarray(from, to)); from = to; if (cuts.length) setTimeout(next, 30); else process.stderr.write('警告\\n'); };
      next();`;
    const { lines, onLine } = collect();
    const result = await runProcessTree({ file: process.execPath, args: ['-e', script], timeoutMs: 30_000, onLine });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['日本語のログ', 'second line', 'no newline at end']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['警告']);
  });

  it('reports the exit code', async () => {
    const result = await runProcessTree({ file: process.execPath, args: ['-e', 'process.exit(7)'], timeoutMs: 30_000, onLine: () => {} });
    expect(result).toMatchObject({ exitCode: 7, timedOut: false, cancelled: false });
  });

  it('reports a program that cannot be started', async () => {
    const result = await runProcessTree({ file: '/nonexistent/winjoin-no-such-program', args: [], timeoutMs: 30_000, onLine: () => {} });
    expect(result.exitCode).toBeNull();
    expect(result.spawnError).toMatch(/ENOENT/);
  });

  it('does not start when already cancelled', async () => {
    const { lines, onLine } = collect();
    const result = await runProcessTree({
      file: process.execPath,
      args: ['-e', 'console.log("ran")'],
      timeoutMs: 30_000,
      signal: AbortSignal.abort(),
      onLine,
    });
    expect(result).toMatchObject({ cancelled: true, exitCode: null });
    expect(lines).toEqual([]);
  });

  it.runIf(posix)('kills a tree that ignores SIGTERM once the grace period is over', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-tree-'));
    const childPid = path.join(tmp, 'child.pid');
    const grandchildPid = path.join(tmp, 'grandchild.pid');
    // sh ignores TERM and so does the sleep it starts (ignored signals survive exec).
    const script = `trap '' TERM; echo $$ > "$1"; sleep 300 & echo $! > "$2"; echo ready; wait`;
    const controller = new AbortController();
    const result = await runProcessTree({
      file: '/bin/sh',
      args: ['-c', script, 'sh', childPid, grandchildPid],
      timeoutMs: 60_000,
      graceMs: 200,
      signal: controller.signal,
      onLine: (_stream, line) => {
        if (line === 'ready') controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    const pids = [readPid(childPid), readPid(grandchildPid)];
    expect(pids.every((p) => p !== null)).toBe(true);
    expect(pids.filter((p) => isAlive(p!))).toEqual([]);
  });

  it('stops the process when a line callback throws, and rethrows', async () => {
    const run = runProcessTree({
      file: process.execPath,
      args: ['-e', 'console.log("boom"); setTimeout(() => {}, 300000)'],
      timeoutMs: 60_000,
      onLine: () => {
        throw new Error('journal full');
      },
    });
    await expect(run).rejects.toThrow('journal full');
  });

  it.runIf(posix)('ends a running tree when WinJoin itself exits', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-exit-'));
    const child = path.join(import.meta.dirname, 'testing', 'exit-child.ts');
    const result = await execa(process.execPath, ['--import', 'tsx', child, tmp], { reject: false, timeout: 30_000 });
    expect(result.exitCode).toBe(0);
    const pids = [readPid(path.join(tmp, 'child.pid')), readPid(path.join(tmp, 'grandchild.pid'))];
    expect(pids.every((p) => p !== null)).toBe(true);
    expect(pids.filter((p) => isAlive(p!))).toEqual([]);
  });
});
