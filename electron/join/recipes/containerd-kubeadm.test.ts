import { describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../../shared/answers.js';
import { CONTAINERD_KUBEADM_STEP_IDS } from '../../../shared/steps.js';
import { fetchPublishedDigest } from '../../host/download/checksum-file.js';
import { NSSM_2_24_ZIP } from '../../host/download/pinned-digests.js';
import { sha256Hex, startFileServer } from '../../host/testing/file-server.js';
import { maskPlan } from '../../service/mask-plan.js';
import { buildPlan } from '../planner.js';
import { containerdSandboxImage } from './containerd-kubeadm.js';
import { recipeOfAnswers } from './index.js';

const context = { stateDir: 'C:\\ProgramData\\WinJoin', cluster: { serverGitVersion: 'v1.35.1' } };

describe('recipe containerd-kubeadm', () => {
  it('plans the SIG Windows steps in order, with the server version under match-cluster', () => {
    const plan = buildPlan(exampleAnswers('containerd-kubeadm'), recipeOfAnswers, context);
    expect(plan.recipe).toBe('containerd-kubeadm');
    expect(plan.steps.map((s) => s.id)).toEqual([...CONTAINERD_KUBEADM_STEP_IDS]);
    expect(plan.steps.every((s) => s.script.startsWith(s.runsIn === 'winjoin' ? 'winjoin:' : 'containerd-kubeadm/'))).toBe(true);
    expect(plan.steps.find((s) => s.id === 'kubeadm-join')!.params).toMatchObject({ criSocket: 'npipe:////./pipe/containerd-containerd' });
  });

  it('gives every download its published digest, and nssm the one WinJoin pins', () => {
    const plan = buildPlan(exampleAnswers('containerd-kubeadm'), recipeOfAnswers, context);
    const downloads = plan.steps.flatMap((s) => s.downloads);
    for (const d of downloads) expect(d.publishedChecksum ?? d.sha256, d.name).toBeTruthy();
    const byName = Object.fromEntries(downloads.map((d) => [d.name, d]));
    expect(byName.containerdTarball).toMatchObject({
      url: 'https://github.com/containerd/containerd/releases/download/v2.3.4/containerd-2.3.4-windows-amd64.tar.gz',
      publishedChecksum: 'sha256',
      checksumUrl: 'https://github.com/containerd/containerd/releases/download/v2.3.4/containerd-2.3.4-windows-amd64.tar.gz.sha256sum',
    });
    expect(byName.crictlTarball!.url).toBe(
      'https://github.com/kubernetes-sigs/cri-tools/releases/download/v1.35.0/crictl-v1.35.0-windows-amd64.tar.gz',
    );
    for (const tool of ['kubelet', 'kubeadm', 'kubectl'])
      expect(byName[tool]).toMatchObject({ url: `https://dl.k8s.io/v1.35.1/bin/windows/amd64/${tool}.exe`, publishedChecksum: 'sha256' });
    expect(byName.nssm).toMatchObject({ sha256: NSSM_2_24_ZIP.sha256 });
  });

  it.each([
    ['1.7.34', '3.8'],
    ['2.0.7', '3.10'],
    ['2.1.5', '3.10'],
    ['2.2.2', '3.10.1'],
    ['2.3.4', '3.10.2'],
    ['3.0.0', '3.10.2'],
  ])('writes containerd %s its own default sandbox image, pause:%s, and lists it with why it goes by tag', (version, tag) => {
    const answers = { ...exampleAnswers('containerd-kubeadm'), containerd: { version } };
    const step = buildPlan(answers, recipeOfAnswers, context).steps.find((s) => s.id === 'containerd')!;
    expect(step.params.sandboxImage).toBe(`registry.k8s.io/pause:${tag}`);
    expect(step.images).toEqual([containerdSandboxImage(version)]);
    expect(step.images![0]!.noDigestReason).toMatch(/pulled by containerd, not WinJoin/);
  });

  it('refuses match-cluster before the server version is known, naming kubernetesVersion; an explicit version plans', () => {
    expect(() => buildPlan(exampleAnswers('containerd-kubeadm'), recipeOfAnswers, { stateDir: '/tmp' })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ANSWERS', params: expect.objectContaining({ field: 'kubernetesVersion' }) }),
    );
    const pinned = { ...exampleAnswers('containerd-kubeadm'), kubernetesVersion: '1.34.2' };
    expect(buildPlan(pinned, recipeOfAnswers, { stateDir: '/tmp' }).steps.find((s) => s.id === 'kube-binaries')!.params).toMatchObject({
      kubernetesVersion: '1.34.2',
    });
  });

  it('masks a pasted token in the plan shown to people', () => {
    const answers = {
      ...exampleAnswers('containerd-kubeadm'),
      join: { token: 'k7q2xz.p9w4m1r8t6y3u5e0', caCertHash: null, apiServerEndpoint: null },
    };
    const shown = maskPlan(buildPlan(answers, recipeOfAnswers, context), answers);
    expect(JSON.stringify(shown)).not.toContain('p9w4m1r8t6y3u5e0');
  });

  it('still plans docker-sdn through the same dispatcher', () => {
    expect(buildPlan(exampleAnswers(), recipeOfAnswers, { stateDir: '/tmp' }).recipe).toBe('docker-sdn');
  });

  it("reads containerd's .sha256sum (hash, two spaces, file name) as the published digest", async () => {
    const server = await startFileServer();
    try {
      const body = Buffer.from('stand-in tarball');
      server.files.set('/v2.3.4/containerd-2.3.4-windows-amd64.tar.gz', { body });
      server.files.set('/v2.3.4/containerd-2.3.4-windows-amd64.tar.gz.sha256sum', {
        body: Buffer.from(`${sha256Hex(body)}  containerd-2.3.4-windows-amd64.tar.gz\n`),
      });
      const url = server.url('/v2.3.4/containerd-2.3.4-windows-amd64.tar.gz');
      await expect(fetchPublishedDigest(url, 'sha256', {}, `${url}.sha256sum`)).resolves.toEqual({
        algorithm: 'sha256',
        hex: sha256Hex(body),
      });
    } finally {
      await server.close();
    }
  });
});
