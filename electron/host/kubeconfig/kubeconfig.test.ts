import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { WinJoinError } from '../../../shared/errors.js';
import { KubeconfigInspectionSchema } from '../../../shared/ipc/contract.js';
import { catalogues, flattenKeys } from '../../../shared/i18n/index.js';
import { createExpiredClientCert, createTestPki, type TestPki } from '../testing/certs.js';
import { FINDING_CODES } from './findings.js';
import { parseKubeconfig } from './document.js';
import { inspectKubeconfig } from './inspect.js';
import { selfContainedKubeconfig } from './self-contained.js';

let pki: TestPki;
let expired: { cert: string; key: string };
const b64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  pki = await createTestPki();
  expired = await createExpiredClientCert(pki.dir);
  fs.mkdirSync(path.join(pki.dir, 'kube', 'pki'), { recursive: true });
  fs.copyFileSync(pki.files.caCert, path.join(pki.dir, 'kube', 'pki', 'ca.crt'));
  fs.copyFileSync(pki.files.clientCert, path.join(pki.dir, 'kube', 'pki', 'admin.crt'));
  fs.copyFileSync(pki.files.clientKey, path.join(pki.dir, 'kube', 'pki', 'admin.key'));
  fs.writeFileSync(path.join(pki.dir, 'outside-token'), 'someone-elses-token\n');
});
afterAll(() => pki.remove());

let counter = 0;
function write(text: string): string {
  const file = path.join(pki.dir, 'kube', `config-${++counter}`);
  fs.writeFileSync(file, text);
  return file;
}

/** A kubeadm-style admin.conf with files referenced relative to its folder; `patch` edits the text. */
function kubeconfig(patch: (text: string) => string = (t) => t): string {
  return write(
    patch(`apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    server: https://10.1.2.3:6443
    certificate-authority: pki/ca.crt
users:
- name: kubernetes-admin
  user:
    client-certificate: pki/admin.crt
    client-key: pki/admin.key
contexts:
- name: kubernetes-admin@kubernetes
  context:
    cluster: kubernetes
    user: kubernetes-admin
current-context: kubernetes-admin@kubernetes
`),
  );
}

const codes = (file: string, context?: string) => inspectKubeconfig(file, { context }).findings.map((f) => f.code);

describe('kubeconfig inspection', () => {
  it('accepts a kubeadm admin.conf: one context, files resolved beside it, no findings', () => {
    const file = kubeconfig();
    const result = inspectKubeconfig(file);
    expect(KubeconfigInspectionSchema.parse(result)).toEqual({
      path: file,
      usable: true,
      contexts: [{ name: 'kubernetes-admin@kubernetes', cluster: 'kubernetes', user: 'kubernetes-admin' }],
      currentContext: 'kubernetes-admin@kubernetes',
      server: 'https://10.1.2.3:6443',
      findings: [],
    });
  });

  it('reports YAML errors with line and column', () => {
    // A tab used as indentation on line 6: the usual hand-edit mistake.
    const file = write('apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n\tserver: https://x\nusers: []\n');
    const error = (() => {
      try {
        inspectKubeconfig(file);
      } catch (e) {
        return e as WinJoinError;
      }
      return null;
    })();
    expect(error?.code).toBe('E_KUBECONFIG_PARSE');
    expect(error?.params).toMatchObject({ line: '6', column: '1' });
    expect(error?.message).toContain('Tabs');
    expect(error?.message).toContain(`${file}:${error?.params.line}:`);
  });

  it('says E_KUBECONFIG_READ for a missing file', () => {
    expect(() => inspectKubeconfig(path.join(pki.dir, 'nope'))).toThrow(expect.objectContaining({ code: 'E_KUBECONFIG_READ' }));
  });

  const cases: [string, (t: string) => string, string[], number | null][] = [
    [
      'an exec plugin',
      (t) =>
        t.replace(
          / {4}client-certificate: pki\/admin.crt\n {4}client-key: pki\/admin.key\n/,
          '    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws-iam-authenticator\n',
        ),
      ['KC_EXEC_PLUGIN'],
      11,
    ],
    [
      'an auth-provider',
      (t) => t.replace(/ {4}client-certificate: pki\/admin.crt\n {4}client-key: pki\/admin.key\n/, '    auth-provider:\n      name: gcp\n'),
      ['KC_AUTH_PROVIDER'],
      11,
    ],
    [
      'insecure-skip-tls-verify (a warning)',
      (t) => t.replace('    certificate-authority: pki/ca.crt', '    insecure-skip-tls-verify: true'),
      ['KC_INSECURE_SKIP_TLS'],
      7,
    ],
    [
      'a localhost server',
      (t) => t.replace('https://10.1.2.3:6443', 'http://localhost:8080'),
      ['KC_LOCALHOST_SERVER', 'KC_HTTP_SERVER'],
      6,
    ],
    ['a [::1] server', (t) => t.replace('https://10.1.2.3:6443', 'https://[::1]:6443'), ['KC_LOCALHOST_SERVER'], 6],
    ['a 127.0.0.1 server', (t) => t.replace('https://10.1.2.3:6443', 'https://127.0.0.1:6443'), ['KC_LOCALHOST_SERVER'], 6],
    ['a missing certificate file', (t) => t.replace('pki/admin.crt', 'pki/gone.crt'), ['KC_MISSING_FILE'], 11],
    // An elevated WinJoin must not read what a kubeconfig points at elsewhere: shares (NTLM), pipes, devices, other folders.
    [
      'a CA on a network share',
      (t) => t.replace('certificate-authority: pki/ca.crt', 'certificate-authority: \\\\evil-host\\share\\ca.crt'),
      ['KC_FILE_NOT_ALLOWED'],
      7,
    ],
    [
      'a token file that is a named pipe',
      (t) =>
        t.replace(/ {4}client-certificate: pki\/admin.crt\n {4}client-key: pki\/admin.key\n/, '    tokenFile: \\\\.\\pipe\\winjoin-sink\n'),
      ['KC_FILE_NOT_ALLOWED'],
      11,
    ],
    [
      'a client key on a device',
      (t) => t.replace('client-key: pki/admin.key', 'client-key: //./PhysicalDrive0'),
      ['KC_FILE_NOT_ALLOWED'],
      12,
    ],
    [
      'a token file outside the kubeconfig folder',
      (t) => t.replace(/ {4}client-certificate: pki\/admin.crt\n {4}client-key: pki\/admin.key\n/, '    tokenFile: ../outside-token\n'),
      ['KC_FILE_NOT_ALLOWED'],
      11,
    ],
    ['no current-context', (t) => t.replace('current-context: kubernetes-admin@kubernetes\n', ''), ['KC_NO_CONTEXT'], null],
    [
      'a current-context that does not exist',
      (t) => t.replace('current-context: kubernetes-admin@kubernetes', 'current-context: other'),
      ['KC_CONTEXT_NOT_FOUND'],
      18,
    ],
    [
      'a context naming no known cluster',
      (t) => t.replace('    cluster: kubernetes\n    user', '    cluster: elsewhere\n    user'),
      ['KC_CLUSTER_NOT_FOUND'],
      16,
    ],
    [
      'a context naming no known user',
      (t) => t.replace('    user: kubernetes-admin\ncurrent', '    user: nobody\ncurrent'),
      ['KC_USER_NOT_FOUND'],
      17,
    ],
    [
      'a user with no credentials',
      (t) => t.replace(/ {4}client-certificate: pki\/admin.crt\n {4}client-key: pki\/admin.key\n/, '    {}\n'),
      ['KC_NO_CREDENTIALS'],
      10,
    ],
    ['a certificate without its key', (t) => t.replace('    client-key: pki/admin.key\n', ''), ['KC_INCOMPLETE_CLIENT_CERT'], 10],
    [
      'basic auth (a warning)',
      (t) =>
        t.replace(
          / {4}client-certificate: pki\/admin.crt\n {4}client-key: pki\/admin.key\n/,
          '    username: admin\n    password: hunter2\n',
        ),
      ['KC_BASIC_AUTH'],
      11,
    ],
    ['no server', (t) => t.replace('    server: https://10.1.2.3:6443\n', ''), ['KC_NO_SERVER'], 5],
    ['no CA (a warning)', (t) => t.replace('    certificate-authority: pki/ca.crt\n', ''), ['KC_NO_CA'], 5],
    [
      'invalid base64 data',
      (t) => t.replace('    client-certificate: pki/admin.crt', '    client-certificate-data: "not base64!"'),
      ['KC_BAD_DATA'],
      11,
    ],
  ];
  for (const [label, patch, expected, line] of cases) {
    it(`finds ${label}: ${expected.join(', ')}`, () => {
      const result = inspectKubeconfig(kubeconfig(patch));
      expect(result.findings.map((f) => f.code)).toEqual(expected);
      if (line !== null) expect(result.findings[0]?.line).toBe(line);
      const hasError = result.findings.some((f) => f.severity === 'error');
      expect(result.usable).toBe(!hasError);
      expect(JSON.stringify(result)).not.toContain('hunter2');
    });
  }

  it('never reads a file outside the folder through a link, and says why a referenced file was refused', () => {
    fs.symlinkSync(path.join(pki.dir, 'outside-token'), path.join(pki.dir, 'kube', 'pki', 'link-token'));
    const file = kubeconfig((t) =>
      t.replace(/ {4}client-certificate: pki\/admin.crt\n {4}client-key: pki\/admin.key\n/, '    tokenFile: pki/link-token\n'),
    );
    const result = inspectKubeconfig(file);
    expect(result.findings).toMatchObject([{ code: 'KC_FILE_NOT_ALLOWED', params: { field: 'tokenFile', reason: 'outside' } }]);
    expect(JSON.stringify(result)).not.toContain('someone-elses-token');
    const pipe = kubeconfig((t) => t.replace('certificate-authority: pki/ca.crt', 'certificate-authority: \\\\?\\pipe\\x'));
    expect(inspectKubeconfig(pipe).findings[0]).toMatchObject({ code: 'KC_FILE_NOT_ALLOWED', params: { reason: 'device' } });
  });

  it('finds an expired client certificate', () => {
    const file = kubeconfig((t) =>
      t.replace(
        / {4}client-certificate: pki\/admin.crt\n {4}client-key: pki\/admin.key\n/,
        `    client-certificate-data: ${b64(expired.cert)}\n    client-key-data: ${b64(expired.key)}\n`,
      ),
    );
    const [finding] = inspectKubeconfig(file).findings;
    expect(finding).toMatchObject({ code: 'KC_CERT_EXPIRED', severity: 'error', params: { expired: '2020-01-02T00:00:00.000Z' } });
  });

  it('lists every context for the picker, and checks the one asked for', () => {
    const file = kubeconfig((t) =>
      t
        .replace('current-context:', '- name: dev\n  context:\n    cluster: kubernetes\n    user: oidc\ncurrent-context:')
        .replace('contexts:', 'contexts:')
        .replace('users:\n', 'users:\n- name: oidc\n  user:\n    auth-provider:\n      name: oidc\n'),
    );
    const result = inspectKubeconfig(file);
    expect(result.contexts.map((c) => c.name)).toEqual(['kubernetes-admin@kubernetes', 'dev']);
    expect(result.findings.map((f) => f.code)).toEqual(['KC_MULTIPLE_CONTEXTS']);
    expect(result.usable).toBe(true);
    expect(codes(file, 'dev')).toEqual(['KC_MULTIPLE_CONTEXTS', 'KC_AUTH_PROVIDER']);
  });

  it('covers every finding code in these tests and words each in en and ja', () => {
    const tested = new Set([...cases.flatMap((c) => c[2]), 'KC_CERT_EXPIRED', 'KC_MULTIPLE_CONTEXTS']);
    expect([...FINDING_CODES].filter((c) => !tested.has(c))).toEqual([]);
    for (const language of ['en', 'ja'] as const) {
      const keys = new Set(flattenKeys(catalogues[language]));
      expect(FINDING_CODES.filter((c) => !keys.has(`kubeconfig.findings.${c}`))).toEqual([]);
    }
  });
});

describe('self-contained copy', () => {
  it('inlines the referenced files and keeps only the chosen context', () => {
    const file = kubeconfig((t) =>
      t.replace('current-context:', '- name: other\n  context:\n    cluster: kubernetes\n    user: kubernetes-admin\ncurrent-context:'),
    );
    const copy = parse(selfContainedKubeconfig(file, { context: 'other' }));
    expect(copy['current-context']).toBe('other');
    expect(copy.contexts).toEqual([{ name: 'other', context: { cluster: 'kubernetes', user: 'kubernetes-admin' } }]);
    expect(copy.clusters[0].cluster).toEqual({ server: 'https://10.1.2.3:6443', 'certificate-authority-data': b64(pki.caCert) });
    expect(copy.users[0].user).toEqual({ 'client-certificate-data': b64(pki.clientCert), 'client-key-data': b64(pki.clientKey) });
  });

  it('refuses a kubeconfig the node cannot use, naming the codes', () => {
    const file = kubeconfig((t) => t.replace('https://10.1.2.3:6443', 'http://localhost:8080'));
    expect(() => selfContainedKubeconfig(file)).toThrow(/KC_LOCALHOST_SERVER/);
  });
});

describe('a kubeconfig nested deeper than any real one', () => {
  it('is refused with its line before the YAML parser recurses through it (issue 19, point 11)', () => {
    const bomb = `users:\n- name: u\n  user:\n    token: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`;
    let error: unknown;
    try {
      parseKubeconfig(bomb, 'bomb.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WinJoinError);
    expect(error).toMatchObject({ code: 'E_KUBECONFIG_PARSE', params: { path: 'bomb.yaml', line: '4' } });
    expect((error as Error).message).toMatch(/nested deeper than 64 levels/);
  });
});
