/** Streams for running the CLI in-process in tests, with what was written collected as text. */
import { PassThrough } from 'node:stream';

export interface CapturedIo {
  stdout: PassThrough;
  stderr: PassThrough;
  out(): string;
  err(): string;
}

export function capturedIo(): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  return { stdout, stderr, out: () => out, err: () => err };
}
