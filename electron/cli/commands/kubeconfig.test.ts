import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../host/testing/certs.js';
import { kubeconfigFor } from '../../host/testing/api-server.js';
import { runKubeconfigCommand } from './kubeconfig.js';

function capture() {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = { out: '', err: '' };
  out.on('data', (d) => (text.out += d));
  err.on('data', (d) => (text.err += d));
  return { io: { stdout: out, stderr: err }, text };
}

let pki: TestPki;
let dir: string;
const env = { WINJOIN_LANG: 'en' };
beforeAll(async () => {
  pki = await createTestPki();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-cli-kc-'));
});
afterAll(() => {
  pki.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('winjoin kubeconfig check', () => {
  it('exits 0 for a usable kubeconfig', async () => {
    const { io, text } = capture();
    expect(await runKubeconfigCommand(['check', file('ok', kubeconfigFor('https://10.1.2.3:6443', pki))], io, { env })).toBe(0);
    expect(text.out).toContain('usable by the node');
  });

  it('exits 1 with warnings, each finding with its code and line', async () => {
    const text0 = kubeconfigFor('https://10.1.2.3:6443', pki).replace(
      / {4}certificate-authority-data: .*\n/,
      '    insecure-skip-tls-verify: true\n',
    );
    const { io, text } = capture();
    expect(await runKubeconfigCommand(['check', file('warn', text0)], io, { env })).toBe(1);
    expect(text.out).toMatch(/\[warning\] KC_INSECURE_SKIP_TLS \(line 7\): .*insecure-skip-tls-verify/);
  });

  it('exits 2 for an unusable one, and prints JSON with --json', async () => {
    const f = file('local', kubeconfigFor('http://localhost:8080', pki));
    const human = capture();
    expect(await runKubeconfigCommand(['check', f], human.io, { env })).toBe(2);
    expect(human.text.out).toContain('KC_LOCALHOST_SERVER');
    expect(human.text.out).toContain('dial tcp [::1]:8080');
    const json = capture();
    expect(await runKubeconfigCommand(['check', f, '--json', '--context', 'admin@test'], json.io, { env })).toBe(2);
    const parsed = JSON.parse(json.text.out);
    expect(parsed.usable).toBe(false);
    expect(parsed.findings.map((x: { code: string }) => x.code)).toEqual(['KC_LOCALHOST_SERVER', 'KC_HTTP_SERVER']);
  });

  it('exits 2 for YAML errors with line and column, and for a missing file', async () => {
    const bad = capture();
    expect(await runKubeconfigCommand(['check', file('bad', 'apiVersion: v1\nclusters:\n\t- name: x\n')], bad.io, { env })).toBe(2);
    expect(bad.text.err).toContain('E_KUBECONFIG_PARSE');
    expect(bad.text.err).toContain('line 3');
    const missing = capture();
    expect(await runKubeconfigCommand(['check', path.join(dir, 'nope'), '--json'], missing.io, { env })).toBe(2);
    expect(JSON.parse(missing.text.out).error.code).toBe('E_KUBECONFIG_READ');
  });

  it('speaks Japanese when asked', async () => {
    const { io, text } = capture();
    await runKubeconfigCommand(['check', file('ja', kubeconfigFor('https://127.0.0.1:6443', pki))], io, { env: { WINJOIN_LANG: 'ja' } });
    expect(text.out).toContain('ノードでは使用できません');
  });

  it('exits 2 with the usage for bad arguments', async () => {
    const { io, text } = capture();
    expect(await runKubeconfigCommand(['inspect', 'x'], io, { env })).toBe(2);
    expect(text.err).toContain('winjoin kubeconfig check FILE');
  });
});
