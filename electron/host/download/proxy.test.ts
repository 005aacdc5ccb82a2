// Downloads through a real tinyproxy with Basic authentication on loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WinJoinError } from '../../../shared/errors.js';
import { createTestPki, type TestPki } from '../testing/certs.js';
import { sha512Hex, startFileServer, type FileServer } from '../testing/file-server.js';
import { startTinyproxy, type Tinyproxy } from '../testing/tinyproxy.js';
import { download } from './download.js';

const payload = Buffer.from('kubelet.exe bytes '.repeat(5000));
let proxy: Tinyproxy;
let plain: FileServer;
let secure: FileServer;
let pki: TestPki;
let dir: string;
const dirs: string[] = [];

beforeAll(async () => {
  pki = await createTestPki();
  [proxy, plain, secure] = await Promise.all([
    startTinyproxy(),
    startFileServer(),
    startFileServer({ tls: { cert: pki.serverCert, key: pki.serverKey } }),
  ]);
  plain.files.set('/kubelet.exe', { body: payload });
  secure.files.set('/kubelet.exe', { body: payload });
});
afterAll(async () => {
  await Promise.all([proxy?.stop(), plain?.close(), secure?.close()]);
  pki?.remove();
});
afterEach(() => {
  plain.requests.length = 0;
  secure.requests.length = 0;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dest(): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-proxy-'));
  dirs.push(dir);
  return path.join(dir, 'kubelet.exe');
}

async function failure(promise: Promise<unknown>): Promise<WinJoinError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WinJoinError);
  return error as WinJoinError;
}

function expectNoCredentials(error: WinJoinError): void {
  const text = `${error.message} ${JSON.stringify(error.toShape())} ${error.stack ?? ''}`;
  expect(text).not.toContain(proxy.password);
  expect(text).not.toContain(proxy.user);
  expect(text).not.toContain(Buffer.from(`${proxy.user}:${proxy.password}`).toString('base64'));
}

describe('downloads through an authenticating proxy', () => {
  it('forwards an HTTP target with the credentials from the proxy URL', async () => {
    const result = await download({
      url: plain.url('/kubelet.exe'),
      dest: dest(),
      sha512: sha512Hex(payload),
      proxy: { http: proxy.url(), https: proxy.url(), noProxy: [] },
    });
    expect(result.bytes).toBe(payload.length);
    expect(String(plain.requests[0]?.headers.via)).toContain('tinyproxy');
    // The proxy consumes the credentials; the origin never sees them.
    expect(plain.requests[0]?.headers['proxy-authorization']).toBeUndefined();
  });

  it('tunnels an HTTPS target with CONNECT, trusting the extra CA', async () => {
    const result = await download({
      url: secure.url('/kubelet.exe'),
      dest: dest(),
      sha512: sha512Hex(payload),
      proxy: { http: proxy.url(), https: proxy.url(), noProxy: [] },
      caFile: pki.files.caCert,
    });
    expect(result.bytes).toBe(payload.length);
  });

  const cases = [
    ['no credentials', () => proxy.origin],
    ['a wrong password', () => proxy.url(proxy.user, 'wrong-password')],
  ] as const;
  for (const [label, proxyUrl] of cases) {
    for (const scheme of ['http', 'https'] as const) {
      it(`says the proxy refused the login (${label}, ${scheme} target), without naming the credentials, and does not retry`, async () => {
        const server = scheme === 'http' ? plain : secure;
        const error = await failure(
          download({
            url: server.url('/kubelet.exe'),
            dest: dest(),
            proxy: { http: proxyUrl(), https: proxyUrl(), noProxy: [] },
            caFile: pki.files.caCert,
            retries: 3,
            retryDelayMs: 1,
          }),
        );
        expect(error.code).toBe('E_PROXY_AUTH');
        expect(error.message).toContain('refused the login');
        expect(error.message).toContain(proxy.origin);
        expectNoCredentials(error);
        expect(server.requests.length).toBe(0);
        expect(fs.readdirSync(dir)).toEqual([]);
      });
    }
  }

  it('goes direct for NO_PROXY hosts, CIDRs and "*"', async () => {
    const broken = proxy.url(proxy.user, 'wrong-password');
    for (const noProxy of [['127.0.0.1'], ['127.0.0.0/8'], ['*']]) {
      plain.requests.length = 0;
      const result = await download({ url: plain.url('/kubelet.exe'), dest: dest(), proxy: { http: broken, https: broken, noProxy } });
      expect(result.bytes).toBe(payload.length);
      expect(plain.requests[0]?.headers.via).toBeUndefined();
    }
  });

  it('uses the system proxy hook when the answers name no proxy', async () => {
    const result = await download({ url: plain.url('/kubelet.exe'), dest: dest(), resolveSystemProxy: async () => proxy.url() });
    expect(result.bytes).toBe(payload.length);
    expect(String(plain.requests[0]?.headers.via)).toContain('tinyproxy');
  });
});
