// docker-sdn's kubeconfig step runs in WinJoin's process: the admin kubeconfig is read there, as inspected, and never
// handed to a script on the node; a kubeconfig whose chosen context runs an exec plugin stops the step before any script.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepContext } from '../../join/types.js';
import { createPowerShellExecutor } from '../powershell/powershell-executor.js';
import { powershellDir } from '../powershell/testing/paths.js';
import { kubeconfigFor } from '../testing/api-server.js';
import { createTestPki, type TestPki } from '../testing/certs.js';
import { withClusterSteps } from './executor.js';
import { kubeconfigStepContext } from './testing/step-context.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});
afterAll(() => pki.remove());

/** The current context is an exec-plugin user (of cluster `other`, at 10.9.9.9); admin@test stays beside it. */
function execPluginKubeconfig(): string {
  const file = path.join(pki.dir, `admin-${Math.random().toString(36).slice(2)}.conf`);
  const text = kubeconfigFor('https://10.1.2.3:6443', pki)
    .replace('clusters:\n', 'clusters:\n- name: other\n  cluster:\n    server: https://10.9.9.9:6443\n')
    .replace(
      'users:\n',
      'users:\n- name: sso\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: C:\\Users\\Public\\evil.exe\n',
    )
    .replace('contexts:\n', 'contexts:\n- name: sso@other\n  context:\n    cluster: other\n    user: sso\n')
    .replace(/current-context: .*/, 'current-context: sso@other');
  fs.writeFileSync(file, text);
  return file;
}

function kubeconfigStep(params: Record<string, unknown>): StepContext {
  return kubeconfigStepContext(
    { installDir: 'C:\\k', stateDir: 'C:\\s', nodeName: 'win-1', waitSeconds: 5, ...params },
    path.join(pki.dir, 'state'),
  ).context;
}

describe('the docker-sdn kubeconfig step and the admin kubeconfig', () => {
  it('refuses an exec-plugin kubeconfig in WinJoin, before any script on the node runs', async () => {
    const scripts: string[] = [];
    const context = kubeconfigStep({ kubeconfigPath: execPluginKubeconfig() });
    const base = createPowerShellExecutor({
      powershellDir,
      mapParams: (params, ctx) => {
        scripts.push(ctx.step.script);
        throw new Error('stop before PowerShell');
      },
    });
    const outcome = await withClusterSteps(base, { httpGet: async () => ({ status: 404, body: '' }) })(context);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_KUBECONFIG_READ', params: { codes: 'KC_EXEC_PLUGIN' } } });
    expect(scripts).toEqual([]);
  });

  it("uses the context chosen in the wizard, not the file's current-context: its server and CA go to the node", async () => {
    const seen: { script: string; params: Record<string, unknown> }[] = [];
    const base = createPowerShellExecutor({
      powershellDir,
      mapParams: (params, ctx) => {
        seen.push({ script: ctx.step.script, params });
        throw new Error('stop before PowerShell');
      },
    });
    const connected: string[] = [];
    const outcome = await withClusterSteps(base, {
      httpGet: async () => ({ status: 404, body: '' }),
      connect: async (_context, kubeconfig) => {
        connected.push(kubeconfig);
        return {
          server: 'https://10.1.2.3:6443',
          get: async () => ({}),
          getText: async () => '',
          send: async () => ({}),
          close: async () => undefined,
        } as never;
      },
    })(kubeconfigStep({ kubeconfigPath: execPluginKubeconfig(), context: 'admin@test' }));
    // The exec-plugin user of the current context is never read: the step reaches the node's keys script.
    expect(outcome.error?.code).not.toBe('E_KUBECONFIG_READ');
    expect(seen.map((s) => s.script)).toEqual(['kubeconfig-keys.ps1']);
    expect(seen[0]!.params).toMatchObject({
      server: 'https://10.1.2.3:6443',
      caData: Buffer.from(pki.caCert, 'utf8').toString('base64'),
    });
    expect(connected).toHaveLength(1);
  });
});
