/**
 * No crash from the network. A server that sends the body and closes the
 * connection (Connection: close, then FIN) while the consumer is slow used
 * to kill the process with undici's paused-parser AssertionError
 * (nodejs/undici#5360, fixed in undici 8). The downloads run in a child
 * process (testing/closing-server-run.ts) so such a crash shows as a dead
 * child with a stack trace instead of taking the test runner with it. Every
 * network failure must end as an E_DOWNLOAD_* error with a message.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toErrorShape } from '../../../shared/errors.js';
import { download } from './download.js';

const runner = path.join(import.meta.dirname, 'testing', 'closing-server-run.ts');

interface Outcome {
  i: number;
  outcome: 'ok' | 'error';
  bytes?: number;
  code?: string;
  message?: string;
}

async function run(behaviour: string, count: number, mib: number, digest: 'right' | 'wrong') {
  const child = await execa(process.execPath, ['--import', 'tsx', runner, behaviour, String(count), String(mib), digest], {
    reject: false,
    timeout: 120_000,
  });
  const outcomes = child.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Outcome);
  return { exitCode: child.exitCode, stderr: child.stderr, outcomes };
}

/** A message for a person: one line, no stack frames, no "AssertionError". */
function expectPlainMessage(message: string | undefined): void {
  expect(message).toBeTruthy();
  expect(message).not.toMatch(/\n\s+at |AssertionError|ERR_ASSERTION/);
}

describe('a server that closes the connection after the body', () => {
  it('20 downloads in a row with the right checksum all succeed, without a crash', async () => {
    const { exitCode, stderr, outcomes } = await run('whole', 20, 8, 'right');
    expect(stderr).not.toMatch(/AssertionError|ERR_ASSERTION/);
    expect(exitCode).toBe(0);
    expect(outcomes).toHaveLength(20);
    for (const o of outcomes) expect(o).toMatchObject({ outcome: 'ok', bytes: 8 * 1024 * 1024 });
  });

  it('20 downloads in a row with a wrong checksum all end as E_DOWNLOAD_CHECKSUM, without a crash', async () => {
    const { exitCode, stderr, outcomes } = await run('whole', 20, 8, 'wrong');
    expect(stderr).not.toMatch(/AssertionError|ERR_ASSERTION/);
    expect(exitCode).toBe(0);
    expect(outcomes).toHaveLength(20);
    for (const o of outcomes) {
      expect(o).toMatchObject({ outcome: 'error', code: 'E_DOWNLOAD_CHECKSUM' });
      expectPlainMessage(o.message);
    }
  });
});

describe('every network failure is an E_DOWNLOAD_* error with a message', () => {
  it.each([
    ['short', 'the connection closes before Content-Length bytes arrived'],
    ['garbage', 'something that is not HTTP answers'],
    ['reset', 'the connection is reset mid-body'],
  ])('%s: %s', async (behaviour) => {
    const { exitCode, stderr, outcomes } = await run(behaviour, 3, 1, 'right');
    expect(stderr).not.toMatch(/AssertionError|ERR_ASSERTION|\n\s+at /);
    expect(exitCode).toBe(0);
    expect(outcomes).toHaveLength(3);
    for (const o of outcomes) {
      expect(o.outcome).toBe('error');
      expect(o.code).toMatch(/^E_DOWNLOAD_/);
      expectPlainMessage(o.message);
    }
  });

  it('nobody listening: E_DOWNLOAD_NETWORK naming the address', async () => {
    // A port that was free a moment ago: listen, note it, close.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-refused-'));
    try {
      const error = await download({ url: `http://127.0.0.1:${port}/f.zip`, dest: path.join(dir, 'f.zip'), retries: 0 }).then(
        () => null,
        (e: unknown) => toErrorShape(e),
      );
      expect(error?.code).toBe('E_DOWNLOAD_NETWORK');
      expect(error?.message).toContain(`127.0.0.1:${port}`);
      expectPlainMessage(error?.message);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
