/**
 * A real HTTP(S) file server on loopback for download tests and the
 * rehearsal: Range requests, ETags, redirects, and misbehaviour on demand
 * (an error status N times, a connection dropped mid-body, slow chunks,
 * wrong bytes, a Range request answered with the whole file). Every request
 * is recorded so tests can check what reached the server and through what.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Misbehaviour {
  /** Answer this status instead of the file... */
  status?: number;
  /** ...for this many requests (default: always). */
  statusTimes?: number;
  retryAfter?: string;
  /** Drop the connection after this many body bytes... */
  dropAfterBytes?: number;
  /** ...for this many requests (default 1). */
  dropTimes?: number;
  /** Send the body in chunks of this size with a pause between them. */
  slowChunkBytes?: number;
  slowDelayMs?: number;
  /** Flip bytes in the body (a proxy that rewrites content). */
  corrupt?: boolean;
  /** Answer Range requests with 200 and the whole file. */
  ignoreRange?: boolean;
  /** Redirect to another path on this server. */
  redirectTo?: string;
}

export interface ServedFile {
  /** Bytes, or a file on disk streamed as-is (for large files). */
  body: Buffer | { path: string };
  etag?: string;
  misbehave?: Misbehaviour;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FileServer {
  origin: string;
  url(pathname: string): string;
  files: Map<string, ServedFile>;
  requests: RecordedRequest[];
  /** Requests to a path so far. */
  count(pathname: string): number;
  /** Forgets every file, request and count (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
export function sha512Hex(data: Buffer): string {
  return createHash('sha512').update(data).digest('hex');
}

function size(file: ServedFile): number {
  return Buffer.isBuffer(file.body) ? file.body.length : fs.statSync(file.body.path).size;
}

function open(file: ServedFile, start: number, end: number): Iterable<Buffer> | AsyncIterable<Buffer> {
  if (Buffer.isBuffer(file.body)) return [file.body.subarray(start, end + 1)];
  return fs.createReadStream(file.body.path, { start, end, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
}

async function writeBody(
  res: http.ServerResponse,
  source: Iterable<Buffer> | AsyncIterable<Buffer>,
  m: Misbehaviour,
  drop: boolean,
): Promise<void> {
  let sent = 0;
  for await (let chunk of source) {
    if (m.corrupt) chunk = Buffer.from(chunk.map((b) => b ^ 0xff));
    const pieces: Buffer[] = [];
    const step = m.slowChunkBytes ?? chunk.length;
    for (let i = 0; i < chunk.length; i += step) pieces.push(chunk.subarray(i, i + step));
    for (let piece of pieces) {
      if (drop && m.dropAfterBytes !== undefined && sent + piece.length >= m.dropAfterBytes) {
        piece = piece.subarray(0, m.dropAfterBytes - sent);
        if (piece.length) res.write(piece);
        // Let the bytes leave before the reset, as a real mid-stream failure would.
        await sleep(20);
        res.socket?.destroy();
        return;
      }
      sent += piece.length;
      if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
      if (m.slowDelayMs) await sleep(m.slowDelayMs);
      if (res.destroyed) return;
    }
  }
  res.end();
}

export async function startFileServer(options: { tls?: { cert: string; key: string } } = {}): Promise<FileServer> {
  const files = new Map<string, ServedFile>();
  const requests: RecordedRequest[] = [];
  const seen = new Map<string, number>();

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    // A forwarding proxy sends an absolute URL; the path is what matters here.
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? 'GET', path: pathname, headers: req.headers });
    const n = (seen.get(pathname) ?? 0) + 1;
    seen.set(pathname, n);
    const file = files.get(pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const m = file.misbehave ?? {};
    if (m.redirectTo) {
      res.writeHead(302, { location: m.redirectTo }).end();
      return;
    }
    if (m.status && n <= (m.statusTimes ?? Infinity)) {
      res.writeHead(m.status, m.retryAfter ? { 'retry-after': m.retryAfter } : {}).end(`status ${m.status}`);
      return;
    }
    const total = size(file);
    const etag = file.etag ?? `"${total}"`;
    const headers: http.OutgoingHttpHeaders = { 'accept-ranges': 'bytes', etag, 'content-type': 'application/octet-stream' };
    let start = 0;
    let end = total - 1;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (range && !m.ignoreRange && (!ifRange || ifRange === etag)) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), total - 1) : total - 1;
      if (start >= total) {
        res.writeHead(416, { 'content-range': `bytes */${total}` }).end();
        return;
      }
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${total}`, 'content-length': end - start + 1 });
    } else {
      res.writeHead(200, { ...headers, 'content-length': total });
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const drop = m.dropAfterBytes !== undefined && n <= (m.dropTimes ?? 1);
    writeBody(res, open(file, start, end), m, drop).catch(() => res.destroy());
  };

  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    origin,
    url: (pathname) => `${origin}${pathname}`,
    files,
    requests,
    count: (pathname) => seen.get(pathname) ?? 0,
    reset: () => {
      files.clear();
      requests.length = 0;
      seen.clear();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
