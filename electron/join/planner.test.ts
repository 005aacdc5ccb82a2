import { describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import { buildPlan, canonicalJson, hashAnswers } from './planner.js';
import { fakeRecipe, fakeStep } from './testing/fake-steps.js';

describe('planner', () => {
  it('refuses a step that needs a later or missing step', () => {
    const recipe = fakeRecipe([fakeStep('docker', ['proxy']), fakeStep('proxy', [])]);
    expect(() => buildPlan(exampleAnswers(), recipe, { stateDir: '/tmp' })).toThrow(/needs proxy/);
  });

  it('refuses duplicate steps', () => {
    const recipe = fakeRecipe([fakeStep('docker', []), fakeStep('docker', [])]);
    expect(() => buildPlan(exampleAnswers(), recipe, { stateDir: '/tmp' })).toThrow(/twice/);
  });

  it('hashes answers independently of key order, and differently when a value changes', () => {
    const a = exampleAnswers();
    const reordered = JSON.parse(canonicalJson(a));
    expect(hashAnswers(reordered)).toBe(hashAnswers(a));
    expect(hashAnswers({ ...a, nodeName: 'x' })).not.toBe(hashAnswers(a));
  });

  it('hashes no credential: a rotated proxy password or token secret is the same configuration, another host or token id is not', () => {
    const withSecrets = (password: string, host: string, token: string) => ({
      ...exampleAnswers(),
      proxy: {
        http: `http://ops:${password}@${host}:3128/`,
        https: `http://ops:${password}@${host}:3128/`,
        noProxy: [],
        addClusterRanges: true,
      },
      join: { token, caCertHash: null, apiServerEndpoint: null },
    });
    const base = hashAnswers(withSecrets('old-Pass', 'proxy.corp', 'abcdef.0123456789abcdef'));
    expect(hashAnswers(withSecrets('new-Pass', 'proxy.corp', 'abcdef.fedcba9876543210'))).toBe(base);
    expect(hashAnswers(withSecrets('old-Pass', 'proxy2.corp', 'abcdef.0123456789abcdef'))).not.toBe(base);
    expect(hashAnswers(withSecrets('old-Pass', 'proxy.corp', 'zzzzzz.0123456789abcdef'))).not.toBe(base);
  });
});

describe('planner version policy', () => {
  const recipe = fakeRecipe([fakeStep('prerequisites', [])]);

  it('refuses docker-sdn against a 1.24+ server before planning any step, naming the recipe field', () => {
    let caught: unknown;
    try {
      buildPlan(exampleAnswers(), recipe, { stateDir: '/tmp', cluster: { serverGitVersion: 'v1.33.4' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'E_INVALID_ANSWERS',
      params: { field: 'recipe', key: 'policy.dockerSdnServerTooNew', server: '1.33.4' },
    });
    expect((caught as Error).message).toMatch(/containerd-kubeadm/);
  });

  it('plans containerd-kubeadm against the same server', () => {
    const plan = buildPlan(exampleAnswers('containerd-kubeadm'), recipe, { stateDir: '/tmp', cluster: { serverGitVersion: 'v1.33.4' } });
    expect(plan.recipe).toBe('containerd-kubeadm');
  });
});
