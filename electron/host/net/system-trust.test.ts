import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { download } from '../download/download.js';
import { createTestPki, type TestPki } from '../testing/certs.js';
import { sha256Hex, startFileServer, type FileServer } from '../testing/file-server.js';
import { setSystemCaCertificates } from './system-trust.js';

let pki: TestPki;
let server: FileServer;
let dir: string;
const payload = Buffer.from('kubelet bytes');

beforeAll(async () => {
  pki = await createTestPki();
  server = await startFileServer({ tls: { cert: pki.serverCert, key: pki.serverKey } });
  server.files.set('/kubelet.exe', { body: payload });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-trust-'));
});
afterEach(() => setSystemCaCertificates([]));
afterAll(async () => {
  await server.close();
  pki.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the machine trust store', () => {
  it('a server signed by a CA only the machine trusts is refused until the shell hands the store in', async () => {
    const options = { url: server.url('/kubelet.exe'), sha256: sha256Hex(payload), retries: 0 };
    await expect(download({ ...options, dest: path.join(dir, 'a.exe') })).rejects.toMatchObject({
      code: expect.stringMatching(/^E_DOWNLOAD/),
    });

    setSystemCaCertificates(['not a certificate', pki.caCert]);
    const result = await download({ ...options, dest: path.join(dir, 'b.exe') });
    expect(fs.readFileSync(result.file)).toEqual(payload);
  });
});
