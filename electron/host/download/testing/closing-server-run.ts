/**
 * Child process for closing-server.test.ts: downloads from a closing server
 * again and again and prints one JSON line per download. It runs apart from
 * the test runner because the failure it guards against (undici's paused
 * parser, nodejs/undici#5360) is an uncaught AssertionError from a socket
 * 'end' handler that kills the whole process.
 *
 * The consumer is made slow the way a busy disk or virus scanner makes it
 * slow: the progress callback, called for every chunk here, holds the event
 * loop for a moment, so the response body falls behind the network and the
 * HTTP parser pauses under backpressure when the server's FIN arrives.
 *
 * argv: behaviour (whole|short|garbage|reset), count, MiB, digest (right|wrong)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toErrorShape } from '../../../../shared/errors.js';
import { download } from '../download.js';
import { startClosingServer, type ClosingBehaviour } from './closing-server.js';

const [behaviour = 'whole', count = '1', mib = '8', digest = 'right'] = process.argv.slice(2);
const body = crypto.randomBytes(Number(mib) * 1024 * 1024);
const sha256 = digest === 'right' ? crypto.createHash('sha256').update(body).digest('hex') : 'f'.repeat(64);
const server = await startClosingServer(body, behaviour as ClosingBehaviour);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-closing-'));

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

try {
  for (let i = 0; i < Number(count); i++) {
    try {
      const result = await download({
        url: server.url,
        dest: path.join(dir, `download-${i}.tar.gz`),
        sha256,
        retries: 0,
        progressIntervalMs: 0,
        onProgress: () => busy(1),
      });
      process.stdout.write(`${JSON.stringify({ i, outcome: 'ok', bytes: result.bytes })}\n`);
    } catch (error) {
      const shape = toErrorShape(error);
      process.stdout.write(`${JSON.stringify({ i, outcome: 'error', code: shape.code, message: shape.message })}\n`);
    }
  }
} finally {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
