import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { WinJoinError } from '../../../shared/errors.js';
import { startFileServer, sha256Hex, sha512Hex, type FileServer } from '../testing/file-server.js';
import { createTestPki, type TestPki } from '../testing/certs.js';
import { download } from './download.js';
import { fetchPublishedDigest } from './checksum-file.js';
import type { DownloadProgress } from './progress.js';

const payload = Buffer.from(Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
const payloadSha512 = sha512Hex(payload);
const payloadSha256 = sha256Hex(payload);

let server: FileServer;
let dir: string;

beforeAll(async () => {
  server = await startFileServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function tmp(): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-dl-'));
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<WinJoinError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WinJoinError);
  return error as WinJoinError;
}

describe('download', () => {
  it('streams the file into place and verifies a SHA-512 written as dl.k8s.io writes it (any case)', async () => {
    server.files.set('/kubelet.exe', { body: payload });
    const dest = path.join(tmp(), 'bin', 'kubelet.exe');
    const events: DownloadProgress[] = [];
    const result = await download({
      url: server.url('/kubelet.exe'),
      dest,
      sha512: `${payloadSha512.toUpperCase()}\n`,
      onProgress: (p) => events.push(p),
      retryDelayMs: 1,
    });
    expect(fs.readFileSync(dest).equals(payload)).toBe(true);
    expect(result).toMatchObject({
      source: 'network',
      attempts: 1,
      resumed: false,
      algorithm: 'sha512',
      digest: payloadSha512,
      bytes: payload.length,
    });
    expect(events.at(-1)).toMatchObject({ bytes: payload.length, total: payload.length, etaSeconds: 0 });
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['kubelet.exe']);
  });

  it('accepts a SHA-256 and keeps a verified file instead of downloading it again', async () => {
    server.files.set('/node.tar.gz', { body: payload });
    const dest = path.join(tmp(), 'node.tar.gz');
    await download({ url: server.url('/node.tar.gz'), dest, sha256: payloadSha256 });
    const again = await download({ url: server.url('/node.tar.gz'), dest, sha256: payloadSha256 });
    expect(again.source).toBe('cache');
    expect(server.count('/node.tar.gz')).toBe(1);
  });

  it('leaves nothing at dest when the bytes do not match, names the file and both digests, and does not retry', async () => {
    server.files.set('/kubelet.exe', { body: payload, misbehave: { corrupt: true } });
    const dest = path.join(tmp(), 'kubelet.exe');
    const error = await failure(download({ url: server.url('/kubelet.exe'), dest, sha512: payloadSha512, retries: 3, retryDelayMs: 1 }));
    const actual = sha512Hex(Buffer.from(payload.map((b) => b ^ 0xff)));
    expect(error.code).toBe('E_DOWNLOAD_CHECKSUM');
    expect(error.message).toContain('kubelet.exe');
    expect(error.message).toContain(payloadSha512);
    expect(error.message).toContain(actual);
    expect(error.params).toMatchObject({ file: 'kubelet.exe', expected: payloadSha512, actual });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(server.count('/kubelet.exe')).toBe(1);
  });

  it('resumes with Range after the connection drops mid-stream and verifies the whole file', async () => {
    server.files.set('/kube-proxy.exe', { body: payload, misbehave: { dropAfterBytes: 120_000 } });
    const dest = path.join(tmp(), 'kube-proxy.exe');
    const retries: string[] = [];
    const result = await download({
      url: server.url('/kube-proxy.exe'),
      dest,
      sha512: payloadSha512,
      retryDelayMs: 1,
      onRetry: (r) => retries.push(r.error.code),
    });
    expect(result).toMatchObject({ resumed: true, attempts: 2 });
    expect(retries).toEqual(['E_DOWNLOAD_NETWORK']);
    const second = server.requests.filter((r) => r.path === '/kube-proxy.exe')[1];
    expect(second?.headers.range).toMatch(/^bytes=\d+-$/);
    expect(Number(second?.headers.range?.slice(6, -1))).toBeGreaterThan(0);
    expect(second?.headers['if-range']).toBe(`"${payload.length}"`);
    expect(fs.readFileSync(dest).equals(payload)).toBe(true);
  });

  it('resumes a part left by an earlier run, and catches a corrupted part through the whole-file hash', async () => {
    server.files.set('/kubectl.exe', { body: payload, misbehave: { dropAfterBytes: 100_000 } });
    const dest = path.join(tmp(), 'kubectl.exe');
    const first = await failure(download({ url: server.url('/kubectl.exe'), dest, sha512: payloadSha512, retries: 0 }));
    expect(first.code).toBe('E_DOWNLOAD_NETWORK');
    expect(fs.statSync(`${dest}.part`).size).toBeGreaterThan(0);
    expect(fs.existsSync(dest)).toBe(false);

    // Flip a byte in the kept part: the resumed download must notice.
    const fd = fs.openSync(`${dest}.part`, 'r+');
    fs.writeSync(fd, Buffer.from([payload[10]! ^ 0xff]), 0, 1, 10);
    fs.closeSync(fd);
    const error = await failure(download({ url: server.url('/kubectl.exe'), dest, sha512: payloadSha512 }));
    expect(error.code).toBe('E_DOWNLOAD_CHECKSUM');
    expect(server.requests.at(-1)?.headers.range).toBeDefined();
    expect(fs.readdirSync(dir)).toEqual([]);

    const result = await download({ url: server.url('/kubectl.exe'), dest, sha512: payloadSha512 });
    expect(result.resumed).toBe(false);
    expect(fs.readFileSync(dest).equals(payload)).toBe(true);
  });

  it('starts over when the server ignores Range and sends the whole file again', async () => {
    server.files.set('/f.bin', { body: payload, misbehave: { dropAfterBytes: 50_000, ignoreRange: true } });
    const dest = path.join(tmp(), 'f.bin');
    const result = await download({ url: server.url('/f.bin'), dest, sha256: payloadSha256, retryDelayMs: 1 });
    expect(result).toMatchObject({ attempts: 2, resumed: false });
    expect(fs.readFileSync(dest).equals(payload)).toBe(true);
  });

  it('retries 5xx, 408 and 429 with backoff, honouring the retry budget', async () => {
    server.files.set('/busy', { body: payload, misbehave: { status: 503, statusTimes: 2 } });
    server.files.set('/slowdown', { body: payload, misbehave: { status: 429, statusTimes: 1, retryAfter: '0' } });
    server.files.set('/timeout', { body: payload, misbehave: { status: 408, statusTimes: 1 } });
    server.files.set('/down', { body: payload, misbehave: { status: 500 } });
    const d = tmp();
    expect((await download({ url: server.url('/busy'), dest: path.join(d, 'a'), retryDelayMs: 1 })).attempts).toBe(3);
    expect((await download({ url: server.url('/slowdown'), dest: path.join(d, 'b'), retryDelayMs: 1 })).attempts).toBe(2);
    expect((await download({ url: server.url('/timeout'), dest: path.join(d, 'c'), retryDelayMs: 1 })).attempts).toBe(2);
    const error = await failure(download({ url: server.url('/down'), dest: path.join(d, 'd'), retries: 2, retryDelayMs: 1 }));
    expect(error.code).toBe('E_DOWNLOAD_HTTP');
    expect(error.params.status).toBe('500');
    expect(server.count('/down')).toBe(3);
  });

  it.each([404, 403])('fails at once on %i', async (status) => {
    server.files.set('/gone', { body: payload, misbehave: { status } });
    const error = await failure(download({ url: server.url('/gone'), dest: path.join(tmp(), 'gone'), retries: 3, retryDelayMs: 1 }));
    expect(error.code).toBe('E_DOWNLOAD_HTTP');
    expect(error.params).toMatchObject({ status: String(status), file: 'gone' });
    expect(server.count('/gone')).toBe(1);
  });

  it('follows redirects (dl.k8s.io sends the client to its CDN)', async () => {
    server.files.set('/release/v1.30.0/kubelet.exe', { body: payload, misbehave: { redirectTo: '/cdn/kubelet.exe' } });
    server.files.set('/cdn/kubelet.exe', { body: payload });
    const result = await download({
      url: server.url('/release/v1.30.0/kubelet.exe'),
      dest: path.join(tmp(), 'k.exe'),
      sha512: payloadSha512,
    });
    expect(result.bytes).toBe(payload.length);
  });

  it('gives up on a stalled transfer after the idle timeout and keeps the part', async () => {
    server.files.set('/stall', { body: payload, misbehave: { slowChunkBytes: 100_000, slowDelayMs: 400 } });
    const dest = path.join(tmp(), 'stall');
    const error = await failure(download({ url: server.url('/stall'), dest, retries: 0, idleTimeoutMs: 100 }));
    expect(error.code).toBe('E_DOWNLOAD_NETWORK');
    expect(error.message).toContain('ETIMEDOUT');
    expect(fs.statSync(`${dest}.part`).size).toBeGreaterThan(0);
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('reports cancellation as E_CANCELLED and keeps the part for a later resume', async () => {
    server.files.set('/slow', { body: payload, misbehave: { slowChunkBytes: 30_000, slowDelayMs: 30 } });
    const dest = path.join(tmp(), 'slow');
    const controller = new AbortController();
    const promise = download({
      url: server.url('/slow'),
      dest,
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (p) => p.bytes >= 60_000 && controller.abort(),
    });
    const error = await failure(promise);
    expect(error.code).toBe('E_CANCELLED');
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.existsSync(`${dest}.part`)).toBe(true);
  });

  it('fetches the bare-hex digest published next to a file', async () => {
    server.files.set('/bin/kubelet.exe', { body: payload });
    server.files.set('/bin/kubelet.exe.sha512', { body: Buffer.from(payloadSha512.toUpperCase()) });
    server.files.set('/bin/kubelet.exe.sha256', { body: Buffer.from(`${payloadSha256}  kubelet.exe\n`) });
    expect(await fetchPublishedDigest(server.url('/bin/kubelet.exe'), 'sha512')).toEqual({ algorithm: 'sha512', hex: payloadSha512 });
    expect(await fetchPublishedDigest(server.url('/bin/kubelet.exe'), 'sha256')).toEqual({ algorithm: 'sha256', hex: payloadSha256 });
    server.files.set('/bin/bad.exe.sha512', { body: Buffer.from('<html>not found</html>') });
    expect((await failure(fetchPublishedDigest(server.url('/bin/bad.exe'), 'sha512'))).code).toBe('E_DOWNLOAD_CHECKSUM');
  });
});

describe('offline source', () => {
  const url = 'https://dl.k8s.io/release/v1.30.0/bin/windows/amd64/kubelet.exe';

  it('takes the file from a folder by the longest matching tail of the URL path', async () => {
    const d = tmp();
    const other = Buffer.from('another version');
    fs.mkdirSync(path.join(d, 'offline', 'v1.30.0', 'bin', 'windows', 'amd64'), { recursive: true });
    fs.writeFileSync(path.join(d, 'offline', 'v1.30.0', 'bin', 'windows', 'amd64', 'kubelet.exe'), payload);
    fs.writeFileSync(path.join(d, 'offline', 'kubelet.exe'), other);
    const result = await download({
      url,
      dest: path.join(d, 'out', 'kubelet.exe'),
      sha512: payloadSha512,
      offlineSource: path.join(d, 'offline'),
    });
    expect(result.source).toBe('offline');
    expect(fs.readFileSync(path.join(d, 'out', 'kubelet.exe')).equals(payload)).toBe(true);
    expect(server.requests).toEqual([]);
  });

  it('reads a published digest from its origin, never from the offline folder that holds the file', async () => {
    const d = tmp();
    const offline = path.join(d, 'offline');
    fs.mkdirSync(offline);
    // Whoever filled the offline folder also wrote the digest beside the file: it must not vouch for itself.
    const planted = Buffer.from('planted kubelet');
    fs.writeFileSync(path.join(offline, 'kubelet.exe'), planted);
    fs.writeFileSync(path.join(offline, 'kubelet.exe.sha512'), crypto.createHash('sha512').update(planted).digest('hex'));
    server.files.set('/bin/kubelet.exe.sha512', { body: Buffer.from(payloadSha512) });
    const published = await fetchPublishedDigest(server.url('/bin/kubelet.exe'), 'sha512', {
      offlineSource: offline,
      fileName: 'kubelet.exe',
    });
    expect(published.hex).toBe(payloadSha512);
    const refused = await failure(
      download({
        url: server.url('/bin/kubelet.exe'),
        dest: path.join(d, 'out', 'kubelet.exe'),
        sha512: published.hex,
        offlineSource: offline,
      }),
    );
    expect(refused.code).toBe('E_DOWNLOAD_CHECKSUM');
  });

  it('takes the file from a zip and checks its digest the same way', async () => {
    const d = tmp();
    const zip = new yazl.ZipFile();
    zip.addBuffer(payload, 'media/kubelet.exe');
    zip.end();
    const zipFile = path.join(d, 'offline.zip');
    await new Promise<void>((resolve, reject) =>
      zip.outputStream
        .pipe(fs.createWriteStream(zipFile))
        .on('close', () => resolve())
        .on('error', reject),
    );
    const ok = await download({ url, dest: path.join(d, 'a', 'kubelet.exe'), sha512: payloadSha512, offlineSource: zipFile });
    expect(ok.source).toBe('offline');
    const bad = await failure(download({ url, dest: path.join(d, 'b', 'kubelet.exe'), sha256: '0'.repeat(64), offlineSource: zipFile }));
    expect(bad.code).toBe('E_DOWNLOAD_CHECKSUM');
    expect(fs.readdirSync(path.join(d, 'b'))).toEqual([]);
    const missing = await failure(
      download({ url: url.replace('kubelet', 'kubeadm'), dest: path.join(d, 'c', 'x'), offlineSource: zipFile }),
    );
    expect(missing.code).toBe('E_DOWNLOAD_HTTP');
    expect(missing.message).toContain('kubeadm.exe');
  });
});

describe('TLS with an extra CA', () => {
  let pki: TestPki;
  let tlsServer: FileServer;
  beforeAll(async () => {
    pki = await createTestPki();
    tlsServer = await startFileServer({ tls: { cert: pki.serverCert, key: pki.serverKey } });
    tlsServer.files.set('/f', { body: payload });
  });
  afterAll(async () => {
    await tlsServer.close();
    pki.remove();
  });

  it('refuses a certificate from an unknown CA, and trusts it from the extra CA file', async () => {
    const d = tmp();
    const refused = await failure(download({ url: tlsServer.url('/f'), dest: path.join(d, 'a'), retries: 2, retryDelayMs: 1 }));
    expect(refused.code).toBe('E_DOWNLOAD_NETWORK');
    const ok = await download({ url: tlsServer.url('/f'), dest: path.join(d, 'b'), caFile: pki.files.caCert, sha256: payloadSha256 });
    expect(ok.bytes).toBe(payload.length);
  });
});
