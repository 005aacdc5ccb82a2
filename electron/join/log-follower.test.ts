import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogFollower, pollDelay } from './log-follower.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-follow-'));
  file = path.join(dir, 'kubelet.log');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function collect(options: Parameters<typeof LogFollower.follow>[2]) {
  const lines: string[] = [];
  const follower = LogFollower.follow(file, (batch) => lines.push(...batch), { pollMs: 10, ...options });
  return { lines, follower };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('LogFollower', () => {
  it('hands over only what is written after it starts, line by line, whatever the write boundaries', async () => {
    fs.writeFileSync(file, 'old line from an earlier run\n');
    const { lines, follower } = collect({ from: 'end' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    fs.appendFileSync(file, 'I0501 first\r\nI0501 sec');
    await until(() => lines.length === 1);
    expect(lines).toEqual(['I0501 first']);
    fs.appendFileSync(file, 'ond\n');
    await until(() => lines.length === 2);
    await follower.stop();
    expect(lines).toEqual(['I0501 first', 'I0501 second']);
  });

  it('waits for a file that does not exist yet and reads it from its start', async () => {
    const { lines, follower } = collect({ from: 'end' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    fs.writeFileSync(file, 'created by the service\n');
    await until(() => lines.length === 1);
    await follower.stop();
    expect(lines).toEqual(['created by the service']);
  });

  it('keeps a character whole when a read ends in the middle of it', async () => {
    // Three-byte characters and a 4-byte chunk: every read splits one.
    const text = 'ノードの準備ができました\n';
    fs.writeFileSync(file, text);
    const { lines, follower } = collect({ from: 'start', chunkBytes: 4 });
    await until(() => lines.length === 1);
    await follower.stop();
    expect(lines).toEqual(['ノードの準備ができました']);
  });

  it('starts over when the file is rotated or truncated under it', async () => {
    fs.writeFileSync(file, 'a long first file line\n');
    const { lines, follower } = collect({ from: 'start' });
    await until(() => lines.length === 1);
    fs.writeFileSync(file, 'new\n');
    await until(() => lines.length === 2);
    await follower.stop();
    expect(lines).toEqual(['a long first file line', 'new']);
  });

  it('on stop, hands over everything written so far, a last line without its newline too', async () => {
    fs.writeFileSync(file, '');
    const { lines, follower } = collect({ from: 'end', pollMs: 60_000 });
    fs.appendFileSync(file, Array.from({ length: 50_000 }, (_, i) => `line ${i}`).join('\n'));
    await follower.stop();
    expect(lines).toHaveLength(50_000);
    expect(lines.at(-1)).toBe('line 49999');
  });

  it('cuts a runaway line into pieces instead of holding it whole', async () => {
    fs.writeFileSync(file, 'x'.repeat(25) + '\n' + 'y'.repeat(12));
    const { lines, follower } = collect({ from: 'start', maxLineChars: 10 });
    await until(() => lines.length >= 4);
    await follower.stop();
    expect(lines).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5), 'y'.repeat(10), 'yy']);
  });

  it('looks again soon while the log grows and backs off to the poll interval while it is quiet', () => {
    // After new lines (no empty look yet): the shortest wait; each empty look doubles it, up to pollMs.
    expect([0, 1, 2, 3, 4, 5, 50].map((empty) => pollDelay(empty, 20, 200))).toEqual([20, 40, 80, 160, 200, 200, 200]);
    // A minimum above the interval is held to it.
    expect(pollDelay(0, 500, 200)).toBe(200);
  });
});
