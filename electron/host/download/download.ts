/**
 * Downloads one file: streamed to <dest>.part, hashed while it streams,
 * renamed onto <dest> only when the digest matches. An interrupted attempt
 * keeps its part and the next one asks for the rest with Range (the kept
 * bytes are hashed again from disk, so the digest always covers the whole
 * file). Transient failures are retried with backoff; the rest fail at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { WinJoinError } from '../../../shared/errors.js';
import { createDispatcher, readCaFile } from '../net/dispatcher.js';
import {
  cancelledError,
  httpStatusError,
  isProxyRefusal,
  isTransient,
  markTransient,
  networkError,
  proxyAuthError,
} from '../net/failure.js';
import { routeFor, type ProxyRoute, type ProxySettings, type SystemProxyResolver } from '../net/proxy-route.js';
import { backoffDelay, parseRetryAfter, wait } from './backoff.js';
import { checksumMismatch, expectedFrom, hashFile, hashFilePrefix, newHash, type ExpectedDigest } from './digest.js';
import { HashingFileWriter } from './hashing-writer.js';
import { findOffline } from './offline.js';
import { discardPart, partFor, recordPart, resumableBytes, type PartFile } from './part-file.js';
import { ProgressMeter, type DownloadProgress } from './progress.js';

export interface DownloadOptions {
  url: string;
  dest: string;
  sha256?: string | null;
  sha512?: string | null;
  proxy?: ProxySettings | null;
  /** PEM file with CAs to trust besides the system roots (TLS-intercepting proxy). */
  caFile?: string | null;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Further attempts after the first, for transient failures only. Default 3. */
  retries?: number;
  /** Filled by the Electron shell from the system proxy settings; unused when the answers name a proxy. */
  resolveSystemProxy?: SystemProxyResolver;
  /** A folder or zip to take the file from instead of the network. */
  offlineSource?: string | null;
  /** Name to look for in the offline source when the URL's own name differs. */
  fileName?: string;
  /** First backoff delay; doubles each retry. Default 1000 ms. */
  retryDelayMs?: number;
  /** Give up on an attempt when no byte arrives for this long. Default 60 s. */
  idleTimeoutMs?: number;
  progressIntervalMs?: number;
  onRetry?: (info: { attempt: number; delayMs: number; error: WinJoinError }) => void;
}

export interface DownloadResult {
  file: string;
  bytes: number;
  algorithm: 'sha256' | 'sha512';
  /** Digest of the file on disk (checked against the expected one when given). */
  digest: string;
  source: 'network' | 'offline' | 'cache';
  attempts: number;
  /** Whether any attempt continued a part with Range. */
  resumed: boolean;
}

const DEFAULT_IDLE_MS = 60_000;

interface Attempt {
  options: DownloadOptions;
  expected: ExpectedDigest | null;
  part: PartFile;
  dispatcher: Dispatcher;
  route: ProxyRoute | null;
  meter: ProgressMeter;
  fileLabel: string;
}

function stalled(idleMs: number): Error {
  return Object.assign(new Error(`no data for ${Math.round(idleMs / 1000)} s`), { code: 'ETIMEDOUT' });
}

/**
 * Streams into the part file, hashing each chunk as it arrives (one pass over
 * the bytes); on failure waits until the file is closed so the next attempt
 * sees every written byte. The idle watchdog is ours because undici's body
 * timeout runs on a coarse (1 s) timer wheel.
 */
async function streamInto(body: Readable, file: string, append: boolean, hash: Hash, meter: ProgressMeter, idleMs: number): Promise<void> {
  const watchdog = setTimeout(() => body.destroy(stalled(idleMs)), idleMs);
  const out = new HashingFileWriter(file, append, (chunk) => {
    watchdog.refresh();
    hash.update(chunk);
    meter.add(chunk.length);
  });
  try {
    await pipeline(body, out);
  } catch (error) {
    // Not events.once: it rejects on the 'error' that comes before 'close', and would stop waiting.
    if (!out.closed) await new Promise((resolve) => out.once('close', resolve));
    throw error;
  } finally {
    clearTimeout(watchdog);
  }
}

function contentRangeStart(header: string | string[] | undefined): { start: number; total: number | null } | null {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(String(header ?? ''));
  return m ? { start: Number(m[1]), total: m[2] === '*' ? null : Number(m[2]) } : null;
}

function header(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

async function attemptOnce(a: Attempt): Promise<{ digest: string; bytes: number; resumed: boolean }> {
  const { url } = a.options;
  const resumable = resumableBytes(a.part, url);
  const validator = resumable.validator;
  let offset = resumable.bytes;
  const headers: Record<string, string> = {};
  if (offset > 0) {
    headers.range = `bytes=${offset}-`;
    if (validator) headers['if-range'] = validator;
  }
  const response = await request(url, { dispatcher: a.dispatcher, signal: a.options.signal, headers });
  const { statusCode } = response;
  if (statusCode === 416 && offset > 0) {
    // The part no longer fits the file on the server: drop it and let the retry start over.
    response.body.resume();
    discardPart(a.part);
    throw markTransient(httpStatusError(statusCode, url, a.fileLabel));
  }
  if (statusCode !== 200 && statusCode !== 206) {
    response.body.resume();
    if (a.route && isProxyRefusal(statusCode, response.headers)) throw proxyAuthError(a.route.origin, url);
    const error = httpStatusError(statusCode, url, a.fileLabel);
    (error as { retryAfter?: number | null }).retryAfter = parseRetryAfter(response.headers['retry-after']);
    throw error;
  }
  let total = Number(header(response.headers['content-length']) ?? NaN);
  if (statusCode === 206) {
    const range = contentRangeStart(response.headers['content-range']);
    if (!range || range.start !== offset) {
      response.body.resume();
      discardPart(a.part);
      throw markTransient(
        new WinJoinError('E_DOWNLOAD_HTTP', `The server sent an unexpected range for ${a.fileLabel}.`, {
          status: '206',
          file: a.fileLabel,
        }),
      );
    }
    total = range.total ?? offset + total;
  } else {
    // 200 to a Range request: the server sends the whole file again.
    offset = 0;
  }
  recordPart(a.part, { url, validator: header(response.headers.etag) ?? header(response.headers['last-modified']) });
  const hash = newHash(a.expected);
  await hashFilePrefix(hash, a.part.file, offset);
  a.meter.start(offset, Number.isFinite(total) ? total : null);
  await streamInto(response.body, a.part.file, offset > 0, hash, a.meter, a.options.idleTimeoutMs ?? DEFAULT_IDLE_MS);
  const size = fs.statSync(a.part.file).size;
  if (Number.isFinite(total) && size !== total) {
    throw markTransient(
      new WinJoinError('E_DOWNLOAD_NETWORK', `${a.fileLabel} ended early (${size} of ${total} bytes).`, {
        file: a.fileLabel,
        reason: 'short body',
      }),
    );
  }
  return { digest: hash.digest('hex'), bytes: size, resumed: offset > 0 };
}

function finish(part: PartFile, dest: string, expected: ExpectedDigest | null, digest: string, fileLabel: string): void {
  if (expected && digest !== expected.hex) {
    discardPart(part);
    throw checksumMismatch(fileLabel, expected, digest);
  }
  fs.renameSync(part.file, dest);
  fs.rmSync(part.infoFile, { force: true });
}

async function fromOffline(
  options: DownloadOptions,
  expected: ExpectedDigest | null,
  part: PartFile,
  meter: ProgressMeter,
  fileLabel: string,
) {
  const found = await findOffline(options.offlineSource as string, options.url, options.fileName);
  try {
    discardPart(part);
    const hash = newHash(expected);
    meter.start(0, found.size);
    await streamInto(await found.open(), part.file, false, hash, meter, options.idleTimeoutMs ?? DEFAULT_IDLE_MS);
    const digest = hash.digest('hex');
    finish(part, options.dest, expected, digest, fileLabel);
    return { digest, bytes: found.size };
  } finally {
    found.close();
  }
}

export async function download(options: DownloadOptions): Promise<DownloadResult> {
  const expected = expectedFrom(options);
  const algorithm = expected?.algorithm ?? 'sha256';
  const dest = path.resolve(options.dest);
  const fileLabel = path.basename(dest);
  const part = partFor(dest);
  const meter = new ProgressMeter(options.onProgress, options.progressIntervalMs);
  fs.mkdirSync(path.dirname(dest), { recursive: true });

  // A verified file from an earlier run is kept: re-running a step does not download again.
  if (expected && fs.existsSync(dest) && (await hashFile(dest, expected.algorithm)) === expected.hex) {
    return { file: dest, bytes: fs.statSync(dest).size, algorithm, digest: expected.hex, source: 'cache', attempts: 0, resumed: false };
  }
  if (options.offlineSource) {
    const { digest, bytes } = await fromOffline({ ...options, dest }, expected, part, meter, fileLabel);
    meter.finish();
    return { file: dest, bytes, algorithm, digest, source: 'offline', attempts: 1, resumed: false };
  }

  const route = await routeFor(options.url, options.proxy, options.resolveSystemProxy);
  const dispatcher = createDispatcher({
    route,
    tls: { extraCa: readCaFile(options.caFile) },
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_MS,
  });
  const retries = options.retries ?? 3;
  let resumed = false;
  try {
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw cancelledError(options.url);
      try {
        const result = await attemptOnce({ options: { ...options, dest }, expected, part, dispatcher, route, meter, fileLabel });
        resumed ||= result.resumed;
        finish(part, dest, expected, result.digest, fileLabel);
        meter.finish();
        return { file: dest, bytes: result.bytes, algorithm, digest: result.digest, source: 'network', attempts: attempt + 1, resumed };
      } catch (thrown) {
        const error = networkError(thrown, options.url, fileLabel, route?.origin ?? null, options.signal);
        if (!isTransient(error) || attempt >= retries || options.signal?.aborted) throw error;
        const retryAfter = (error as { retryAfter?: number | null }).retryAfter ?? null;
        const delayMs = backoffDelay(attempt, options.retryDelayMs ?? 1000, retryAfter);
        options.onRetry?.({ attempt: attempt + 1, delayMs, error });
        try {
          await wait(delayMs, options.signal);
        } catch {
          throw cancelledError(options.url);
        }
      }
    }
  } finally {
    await dispatcher.destroy().catch(() => undefined);
  }
}
