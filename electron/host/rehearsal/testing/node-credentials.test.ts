// The admin-credential scan the rehearsal e2e tests rely on (issue 19, point 4) must find a copy when there is one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../testing/certs.js';
import { rehearsalLayout } from '../paths.js';
import { certificateSubject, filesHoldingAdminCredentials, machineFile } from './node-credentials.js';

let pki: TestPki;
let stateDir: string;
beforeAll(async () => {
  pki = await createTestPki();
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-node-credentials-'));
  const layout = rehearsalLayout(stateDir);
  fs.mkdirSync(path.join(layout.machineRoot, 'C', 'k'), { recursive: true });
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  fs.writeFileSync(
    layout.kubeconfig,
    `users:\n- name: admin\n  user:\n    client-certificate-data: ${b64(pki.clientCert)}\n    client-key-data: ${b64(pki.clientKey)}\n`,
  );
});
afterAll(() => {
  pki.remove();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('filesHoldingAdminCredentials', () => {
  it("finds the admin key copied whole, or as its PEM, on the simulated machine, and nothing in the node's own files", () => {
    fs.writeFileSync(machineFile(stateDir, 'C:\\k\\config'), `client-certificate-data: ${Buffer.from(pki.caCert).toString('base64')}\n`);
    expect(filesHoldingAdminCredentials(stateDir)).toEqual([]);
    fs.writeFileSync(machineFile(stateDir, 'C:\\k\\admin.key'), pki.clientKey);
    expect(filesHoldingAdminCredentials(stateDir)).toEqual([machineFile(stateDir, 'C:\\k\\admin.key')]);
    expect(certificateSubject(pki.clientCert).length).toBeGreaterThan(0);
  });
});
