import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, sha512Hex, startFileServer, type FileServer } from '../../host/testing/file-server.js';
import { startTinyproxy, type Tinyproxy } from '../../host/testing/tinyproxy.js';
import { runDownloadCommand } from './download.js';

function capture() {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = { out: '', err: '' };
  out.on('data', (d) => (text.out += d));
  err.on('data', (d) => (text.err += d));
  return { io: { stdout: out, stderr: err }, text };
}

const body = Buffer.from('kube-proxy.exe '.repeat(1000));
let server: FileServer;
let proxy: Tinyproxy;
let dir: string;
beforeAll(async () => {
  [server, proxy] = await Promise.all([startFileServer(), startTinyproxy()]);
  server.files.set('/kube-proxy.exe', { body });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-cli-dl-'));
});
afterAll(async () => {
  await Promise.all([server.close(), proxy.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const noEnv = { WINJOIN_LANG: 'en' };

describe('winjoin download', () => {
  it('downloads and verifies, printing the digest', async () => {
    const { io, text } = capture();
    const out = path.join(dir, 'a.exe');
    expect(await runDownloadCommand([server.url('/kube-proxy.exe'), '--out', out, '--sha512', sha512Hex(body)], io, { env: noEnv })).toBe(
      0,
    );
    expect(text.out).toContain(sha512Hex(body));
    expect(text.out).toContain('verified');
    expect(fs.readFileSync(out).equals(body)).toBe(true);
  });

  it('exits 1 on a checksum mismatch, naming both digests', async () => {
    const { io, text } = capture();
    const wrong = 'a'.repeat(64);
    expect(
      await runDownloadCommand([server.url('/kube-proxy.exe'), '--out', path.join(dir, 'b.exe'), '--sha256', wrong], io, { env: noEnv }),
    ).toBe(1);
    expect(text.err).toContain('E_DOWNLOAD_CHECKSUM');
    expect(text.err).toContain(wrong);
    expect(text.err).toContain(sha256Hex(body));
    expect(fs.existsSync(path.join(dir, 'b.exe'))).toBe(false);
  });

  it('goes through --proxy and never prints its password, even when refused', async () => {
    const ok = capture();
    expect(
      await runDownloadCommand([server.url('/kube-proxy.exe'), '--out', path.join(dir, 'c.exe'), '--proxy', proxy.url()], ok.io, {
        env: noEnv,
      }),
    ).toBe(0);
    expect(String(server.requests.at(-1)?.headers.via)).toContain('tinyproxy');
    const refused = capture();
    const code = await runDownloadCommand(
      [server.url('/kube-proxy.exe'), '--out', path.join(dir, 'd.exe'), '--proxy', proxy.url('winjoin-user', 'not-the-password')],
      refused.io,
      { env: noEnv },
    );
    expect(code).toBe(1);
    expect(refused.text.err).toContain('E_PROXY_AUTH');
    expect(`${refused.text.out}${refused.text.err}`).not.toContain('not-the-password');
    expect(`${ok.text.out}${ok.text.err}`).not.toContain(proxy.password);
  });

  it('takes the proxy from HTTPS_PROXY/HTTP_PROXY and honours NO_PROXY', async () => {
    const env = { ...noEnv, HTTP_PROXY: proxy.url('x', 'wrong'), NO_PROXY: '127.0.0.1' };
    const { io } = capture();
    expect(await runDownloadCommand([server.url('/kube-proxy.exe'), '--out', path.join(dir, 'e.exe')], io, { env })).toBe(0);
    expect(server.requests.at(-1)?.headers.via).toBeUndefined();
  });

  it.each([
    [[]],
    [['http://127.0.0.1/x']],
    [['ftp://x/y', '--out', 'f']],
    [['http://127.0.0.1/x', '--out', 'f', '--sha256', 'a', '--sha512', 'b']],
    [['http://127.0.0.1/x', '--out', 'f', '--proxy', 'socks5://p:1']],
    [['http://127.0.0.1/x', '--out', 'f', '--bogus']],
  ])('exits 2 with the usage for bad arguments %j', async (argv) => {
    const { io, text } = capture();
    expect(await runDownloadCommand(argv as string[], io, { env: noEnv })).toBe(2);
    expect(text.err).toContain('winjoin download URL --out FILE');
  });

  it('exits 2 for a digest that is not hex of the right length', async () => {
    const { io, text } = capture();
    expect(
      await runDownloadCommand([server.url('/kube-proxy.exe'), '--out', path.join(dir, 'g.exe'), '--sha512', 'abc'], io, { env: noEnv }),
    ).toBe(2);
    expect(text.err).toContain('E_INVALID_REQUEST');
  });
});
