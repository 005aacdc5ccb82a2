import { describe, expect, it } from 'vitest';
import { catalogues } from '../../../shared/i18n/index.js';
import { decideVersions, recipeChoice } from './recipe-policy.js';

const keysOf = (d: ReturnType<typeof decideVersions>) => d.problems.map((p) => `${p.severity}:${p.field}:${p.key}`);

describe('version policy', () => {
  it('match-cluster resolves to the server exact version for containerd-kubeadm (distribution suffix dropped)', () => {
    const d = decideVersions({ recipe: 'containerd-kubeadm', requested: 'match-cluster', serverGitVersion: 'v1.35.1+k3s1' });
    expect(d).toEqual({ version: '1.35.1', problems: [] });
  });

  it('refuses docker-sdn against a 1.24+ server, naming the recipe field and pointing at containerd-kubeadm', () => {
    const d = decideVersions({ recipe: 'docker-sdn', requested: 'match-cluster', serverGitVersion: 'v1.24.0' });
    expect(d.version).toBeNull();
    expect(keysOf(d)).toEqual(['error:recipe:policy.dockerSdnServerTooNew']);
    expect(catalogues.en.policy.dockerSdnServerTooNew).toContain('containerd-kubeadm');
  });

  it('still plans docker-sdn against a 1.23 server, and refuses a 1.24+ node version for it without a server', () => {
    expect(decideVersions({ recipe: 'docker-sdn', requested: 'match-cluster', serverGitVersion: 'v1.23.17' })).toEqual({
      version: '1.23.17',
      problems: [],
    });
    expect(keysOf(decideVersions({ recipe: 'docker-sdn', requested: '1.30.0' }))).toEqual([
      'error:kubernetesVersion:policy.dockerSdnNodeTooNew',
    ]);
    expect(decideVersions({ recipe: 'docker-sdn', requested: '1.9.1' }).problems).toEqual([]);
  });

  it('refuses a kubelet the skew policy rejects, for either recipe', () => {
    expect(keysOf(decideVersions({ recipe: 'containerd-kubeadm', requested: '1.36.0', serverGitVersion: 'v1.35.2' }))).toEqual([
      'error:kubernetesVersion:policy.skew.SKEW_NODE_NEWER',
    ]);
    const old = decideVersions({ recipe: 'containerd-kubeadm', requested: '1.30.0', serverGitVersion: 'v1.35.2' });
    expect(keysOf(old)).toEqual(['error:kubernetesVersion:policy.skew.SKEW_NODE_TOO_OLD']);
    expect(old.version).toBeNull();
    // Three minors older is inside the window from 1.28 on.
    expect(decideVersions({ recipe: 'containerd-kubeadm', requested: '1.32.0', serverGitVersion: 'v1.35.2' })).toEqual({
      version: '1.32.0',
      problems: [],
    });
  });

  it('refuses containerd-kubeadm against a cluster older than the SIG guide supports', () => {
    expect(keysOf(decideVersions({ recipe: 'containerd-kubeadm', requested: 'match-cluster', serverGitVersion: 'v1.22.9' }))).toEqual([
      'error:cluster:policy.kubeadmServerTooOld',
    ]);
  });

  it('warns on Windows Server 2019 for containerd-kubeadm, accepts 2022 and 2025, refuses older builds', () => {
    const base = { recipe: 'containerd-kubeadm' as const, requested: 'match-cluster', serverGitVersion: 'v1.35.0' };
    const ws2019 = decideVersions({ ...base, windowsBuild: 17763 });
    expect(keysOf(ws2019)).toEqual(['warning:cluster:policy.windows2019']);
    expect(ws2019.version).toBe('1.35.0');
    expect(decideVersions({ ...base, windowsBuild: 20348 }).problems).toEqual([]);
    expect(decideVersions({ ...base, windowsBuild: 26100 }).problems).toEqual([]);
    expect(keysOf(decideVersions({ ...base, windowsBuild: 14393 }))).toEqual(['error:cluster:policy.windowsTooOld']);
  });

  it('has an English and a Japanese text for every key it can produce', () => {
    const keys = ['dockerSdnServerTooNew', 'dockerSdnNodeTooNew', 'kubeadmServerTooOld', 'windowsTooOld', 'windows2019'];
    for (const lang of ['en', 'ja'] as const) {
      for (const k of keys) expect(typeof (catalogues[lang].policy as Record<string, unknown>)[k]).toBe('string');
      expect(Object.keys(catalogues[lang].policy.skew).sort()).toEqual([
        'SKEW_BAD_VERSION',
        'SKEW_NODE_NEWER',
        'SKEW_NODE_TOO_OLD',
        'SKEW_PATCH_NEWER',
      ]);
    }
  });
});

describe('recipeChoice', () => {
  it('proposes containerd-kubeadm for a current cluster and offers docker-sdn only where it can still join', () => {
    const current = recipeChoice('v1.35.1');
    expect(current.proposed).toBe('containerd-kubeadm');
    expect(current.recipes.find((r) => r.id === 'docker-sdn')).toMatchObject({ works: false, reasonKey: 'policy.dockerSdnServerTooNew' });
    const old = recipeChoice('v1.9.1');
    expect(old.proposed).toBe('docker-sdn');
    expect(old.recipes.find((r) => r.id === 'containerd-kubeadm')).toMatchObject({ works: false, reasonKey: 'policy.kubeadmServerTooOld' });
    // 1.23: both can join; today's join comes first.
    expect(recipeChoice('v1.23.17')).toMatchObject({ proposed: 'containerd-kubeadm', recipes: [{ works: true }, { works: true }] });
  });
});
