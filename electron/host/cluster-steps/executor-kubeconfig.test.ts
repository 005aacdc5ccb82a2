// docker-sdn's kubeconfig step runs in WinJoin's process: the admin kubeconfig is read there, as inspected, and never
// handed to a script on the node; a kubeconfig whose chosen context runs an exec plugin stops the step before any script.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlannedStep } from '../../../shared/plan.js';
import type { StepContext } from '../../join/types.js';
import { createPowerShellExecutor } from '../powershell/powershell-executor.js';
import { powershellDir } from '../powershell/testing/paths.js';
import { kubeconfigFor } from '../testing/api-server.js';
import { createTestPki, type TestPki } from '../testing/certs.js';
import { withClusterSteps } from './executor.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});
afterAll(() => pki.remove());

/** The current context is an exec-plugin user. */
function execPluginKubeconfig(): string {
  const file = path.join(pki.dir, `admin-${Math.random().toString(36).slice(2)}.conf`);
  const text = kubeconfigFor('https://10.1.2.3:6443', pki)
    .replace(
      'users:\n',
      'users:\n- name: sso\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: C:\\Users\\Public\\evil.exe\n',
    )
    .replace('contexts:\n', 'contexts:\n- name: sso@test\n  context:\n    cluster: test\n    user: sso\n')
    .replace(/current-context: .*/, 'current-context: sso@test');
  fs.writeFileSync(file, text);
  return file;
}

describe('the docker-sdn kubeconfig step and the admin kubeconfig', () => {
  it('refuses an exec-plugin kubeconfig in WinJoin, before any script on the node runs', async () => {
    const scripts: string[] = [];
    const step: PlannedStep = {
      id: 'kubeconfig',
      titleKey: 'steps.kubeconfig.title',
      needs: [],
      script: 'winjoin:kubeconfig',
      runsIn: 'winjoin',
      params: { installDir: 'C:\\k', stateDir: 'C:\\s', nodeName: 'win-1', kubeconfigPath: execPluginKubeconfig(), waitSeconds: 5 },
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
});
