// The kubeconfig step sees the kubeconfig as inspected: the chosen context only, data inlined, exec users never.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PlannedStep } from '../../../shared/plan.js';
import type { StepContext } from '../../join/types.js';
import { createPowerShellExecutor } from '../powershell/powershell-executor.js';
import { powershellDir } from '../powershell/testing/paths.js';
import { kubeconfigFor } from '../testing/api-server.js';
import { createTestPki, type TestPki } from '../testing/certs.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});
afterAll(() => pki.remove());

/** Two contexts: the current one is an exec-plugin user, "token@test" a plain token user. */
function twoContexts(): string {
  const file = path.join(pki.dir, `admin-${Math.random().toString(36).slice(2)}.conf`);
  const text = kubeconfigFor('https://10.1.2.3:6443', pki)
    .replace(
      'users:\n',
      'users:\n- name: token-user\n  user:\n    token: node-token-value\n- name: sso\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: C:\\Users\\Public\\evil.exe\n',
    )
    .replace(
      'contexts:\n',
      'contexts:\n- name: token@test\n  context:\n    cluster: test\n    user: token-user\n- name: sso@test\n  context:\n    cluster: test\n    user: sso\n',
    )
    .replace('current-context: admin@test', 'current-context: sso@test');
  fs.writeFileSync(file, text);
  return file;
}

/** Runs the kubeconfig step through the real executor up to the moment the script would get its parameters. */
async function paramsSeenByScript(params: Record<string, unknown>) {
  let seen: Record<string, unknown> | null = null;
  const step: PlannedStep = {
    id: 'kubeconfig',
    titleKey: 'steps.kubeconfig.title',
    needs: [],
    script: 'kubeconfig.ps1',
    params,
    downloads: [],
    changesMachine: true,
    timeoutMs: 60_000,
    always: false,
  };
  const context: StepContext = {
    runId: 'r',
    step,
    attempt: 1,
    stateDir: path.join(pki.dir, 'state'),
    signal: new AbortController().signal,
    downloadSettings: { proxy: null, offlineSource: null, extraCaFile: null },
    facts: {},
    emit: () => undefined,
  };
  const executor = createPowerShellExecutor({
    powershellDir,
    mapParams: (p) => {
      seen = p;
      // Stop here: this test is about what the script would receive, not about running it.
      throw new Error('stop before PowerShell');
    },
  });
  const outcome = await executor(context);
  return { outcome, seen: seen as Record<string, unknown> | null };
}

describe('the kubeconfig step gets the kubeconfig as inspected', () => {
  it('never hands a kubeconfig whose chosen context uses an exec plugin to the script', async () => {
    const file = twoContexts();
    const { outcome, seen } = await paramsSeenByScript({ installDir: 'C:\\k', stateDir: 'C:\\s', sourcePath: file, context: '' });
    expect(seen).toBeNull();
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_KUBECONFIG_READ', params: { codes: 'KC_EXEC_PLUGIN' } } });
  });

  it('writes only the context chosen in the wizard: one cluster, one user, data inlined, no path to the original', async () => {
    const file = twoContexts();
    const { seen } = await paramsSeenByScript({ installDir: 'C:\\k', stateDir: 'C:\\s', sourcePath: file, context: 'token@test' });
    expect(seen).not.toBeNull();
    expect(seen).not.toHaveProperty('sourcePath');
    expect(seen).not.toHaveProperty('context');
    const written = parse(String(seen!.content)) as Record<string, { name: string }[] | string>;
    expect(written['current-context']).toBe('token@test');
    expect((written.contexts as { name: string }[]).map((c) => c.name)).toEqual(['token@test']);
    expect((written.users as { name: string }[]).map((u) => u.name)).toEqual(['token-user']);
    expect((written.clusters as { name: string }[]).map((c) => c.name)).toEqual(['test']);
    const text = String(seen!.content);
    expect(text).not.toContain('evil.exe');
    expect(text).not.toContain(Buffer.from(pki.clientKey).toString('base64'));
    expect(text).toContain('certificate-authority-data');
  });
});
