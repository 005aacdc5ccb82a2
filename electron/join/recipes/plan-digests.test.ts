/**
 * Issue 19 point 7: every file either recipe downloads carries a digest
 * (pinned, published beside it, or per file inside an archive) or the plan
 * says, for that file, why none exists; so does every image a step pulls.
 * Offline, a digest published beside the file does not count: only the ones
 * WinJoin ships do, and the plan is refused where it has none.
 */
import { describe, expect, it } from 'vitest';
import { AnswersSchema, exampleAnswers, type Answers } from '../../../shared/answers.js';
import type { Plan } from '../../../shared/plan.js';
import {
  DOCKER_STATIC_NO_DIGEST,
  NSSM_2_24_ZIP,
  SDN_ARCHIVE_FILES,
  WINDOWS_BASE_IMAGE_NO_DIGEST,
} from '../../host/download/pinned-digests.js';
import { ANSWER_DIGEST_KEYS, ANSWER_DIGEST_SOURCE } from '../answer-digests.js';
import { verificationOf } from '../download-verification.js';
import { OFFLINE_DIGEST_KEYS } from '../offline-digests.js';
import { buildPlan } from '../planner.js';
import { STAND_IN_SOURCE } from '../stand-in-pins.js';
import { recipeOfAnswers } from './index.js';

const context = { stateDir: 'C:\\ProgramData\\WinJoin' };
const modern = { ...context, cluster: { serverGitVersion: 'v1.35.1' } };

function withServices(answers: Answers): Answers {
  return AnswersSchema.parse({ ...answers, services: { ...answers.services, runAs: 'windows-service' } });
}

const plans = {
  'docker-sdn v1.9.1': buildPlan(withServices(exampleAnswers()), recipeOfAnswers, context),
  'docker-sdn v1.23.5': buildPlan(withServices({ ...exampleAnswers(), kubernetesVersion: 'v1.23.5' }), recipeOfAnswers, context),
  'containerd-kubeadm': buildPlan(exampleAnswers('containerd-kubeadm'), recipeOfAnswers, modern),
};

describe.each(Object.entries(plans))('%s plan', (_, plan) => {
  const downloads = plan.steps.flatMap((s) => s.downloads);

  it('verifies every download, and only Docker’s zip goes without a digest, saying why', () => {
    expect(downloads.length).toBeGreaterThan(0);
    for (const d of downloads) {
      const verification = verificationOf(d);
      expect(verification, d.name).not.toBeNull();
      if (verification!.kind === 'none') expect([d.name, d.noDigestReason]).toEqual(['dockerStatic', DOCKER_STATIC_NO_DIGEST]);
    }
  });

  it('pins nssm to the SHA-256 two package manifests agree on, and names them', () => {
    for (const nssm of downloads.filter((d) => d.name === 'nssm')) {
      expect(nssm.sha256).toBe('727d1e42275c605e0f04aba98095c38a8e1e46def453cdffce42869428aa6743');
      expect(nssm.checksumSource).toContain('Scoop');
      expect(nssm.checksumSource).toContain('Chocolatey');
    }
  });
});

describe('the SDN archive', () => {
  const sdn = plans['docker-sdn v1.9.1'].steps.find((s) => s.id === 'scripts')!.downloads[0]!;

  it('is pinned by the content of every file the scripts step installs', () => {
    const pinned = Object.keys(sdn.archiveEntries!.sha256);
    for (const required of ['start-kubelet.ps1', 'start-kubeproxy.ps1', 'AddRoutes.ps1', 'hns.psm1', 'Dockerfile', 'cni/wincni.exe'])
      expect(pinned).toContain(`Kubernetes/windows/${required}`);
    expect(pinned).toEqual(expect.arrayContaining(['Kubernetes/WebServer.yaml', 'Kubernetes/PortMapping.yaml']));
    expect(sdn.archiveEntries!.completeUnder).toEqual(['Kubernetes/windows/']);
    expect(Object.values(sdn.archiveEntries!.sha256).every((hex) => /^[0-9a-f]{64}$/.test(hex))).toBe(true);
    expect(sdn.checksumSource).toContain(SDN_ARCHIVE_FILES.commit);
  });
});

describe('a rehearsal plan', () => {
  it('swaps the stand-ins’ own digests in for the pinned ones and names them SIMULATED; Docker stays without one', () => {
    const standInPins = {
      sha256: { nssm: 'aa'.repeat(32), nodeTarball: 'bb'.repeat(32) },
      archiveEntries: { sdnArchive: { 'Kubernetes/windows/start.ps1': 'cc'.repeat(32) } },
    };
    const plan = buildPlan(withServices(exampleAnswers()), recipeOfAnswers, { ...context, standInPins });
    const byName = Object.fromEntries(plan.steps.flatMap((s) => s.downloads).map((d) => [d.name, d]));
    expect(byName.nssm).toMatchObject({ sha256: 'aa'.repeat(32), checksumSource: STAND_IN_SOURCE });
    expect(byName.nodeTarball).toMatchObject({ sha256: 'bb'.repeat(32), checksumSource: STAND_IN_SOURCE });
    expect(byName.sdnArchive!.archiveEntries!.sha256).toEqual(standInPins.archiveEntries.sdnArchive);
    expect(byName.dockerStatic!.noDigestReason).toBe(DOCKER_STATIC_NO_DIGEST);
    // Without stand-ins, the real pins.
    expect(plans['docker-sdn v1.9.1'].steps.flatMap((s) => s.downloads).find((d) => d.name === 'nssm')!.sha256).toBe(NSSM_2_24_ZIP.sha256);
  });
});

/** Every answer shape that changes what a plan downloads or how: online, through a proxy, offline; each recipe; old and current versions. */
const shapes: Record<string, { answers: Answers; context: typeof context | typeof modern }> = (() => {
  const proxy = { http: 'http://proxy.corp:3128', https: 'http://proxy.corp:3128', noProxy: ['.corp'], addClusterRanges: true };
  const offline = { offlineSource: 'D:\\winjoin-offline', extraCaFile: null, digests: {} };
  const sdn = (extra: Partial<Answers>) => withServices(AnswersSchema.parse({ ...exampleAnswers(), ...extra }));
  const kubeadm = (extra: Partial<Answers>) => AnswersSchema.parse({ ...exampleAnswers('containerd-kubeadm'), ...extra });
  const result: Record<string, { answers: Answers; context: typeof context | typeof modern }> = {};
  for (const [how, extra] of [
    ['online', {}],
    ['proxy', { proxy }],
    ['offline', { downloads: offline }],
    ['offline + proxy', { downloads: offline, proxy }],
  ] as const) {
    result[`docker-sdn v1.9.1, ${how}`] = { answers: sdn(extra), context };
    result[`docker-sdn v1.9.1 console, base tag 1809, ${how}`] = {
      answers: AnswersSchema.parse({ ...exampleAnswers(), ...extra, baseImageTag: '1809', services: { runAs: 'console' } }),
      context,
    };
    result[`docker-sdn v1.23.5, ${how}`] = { answers: sdn({ ...extra, kubernetesVersion: 'v1.23.5' }), context };
    result[`containerd-kubeadm, ${how}`] = { answers: kubeadm(extra), context: modern };
    result[`containerd-kubeadm containerd 1.7.27, ${how}`] = {
      answers: kubeadm({ ...extra, containerd: { version: '1.7.27' } }),
      context: modern,
    };
  }
  return result;
})();

function planOrRefusal(
  answers: Answers,
  ctx: typeof context | typeof modern,
): Plan | { code: string; params: Record<string, string>; message: string } {
  try {
    return buildPlan(answers, recipeOfAnswers, ctx);
  } catch (error) {
    return error as { code: string; params: Record<string, string>; message: string };
  }
}

describe.each(Object.entries(shapes))('every download and image of %s', (_, { answers, context: ctx }) => {
  const outcome = planOrRefusal(answers, ctx);
  const offline = answers.downloads.offlineSource !== null;

  it('carries a digest or the plan says why none exists; offline, only a digest WinJoin ships counts, or the plan is refused naming the field', () => {
    if (!('steps' in outcome)) {
      // Only an offline plan may be refused here, and only for a file whose version an answer chose.
      expect(offline).toBe(true);
      expect(outcome.code).toBe('E_INVALID_ANSWERS');
      expect(['kubernetesVersion', 'containerd.version']).toContain(outcome.params.field);
      expect(Object.values(OFFLINE_DIGEST_KEYS)).toContain(outcome.params.key);
      expect(outcome.params.file).toMatch(/\S/);
      return;
    }
    const downloads = outcome.steps.flatMap((s) => s.downloads);
    expect(downloads.length).toBeGreaterThan(0);
    for (const d of downloads) {
      const verification = verificationOf(d);
      expect(verification, d.name).not.toBeNull();
      if (verification!.kind === 'none') expect(d.noDigestReason, d.name).toMatch(/\S{10}/);
      if (offline) expect(verification!.kind, `${d.name} offline`).not.toBe('published');
    }
    for (const image of outcome.steps.flatMap((s) => s.images ?? [])) {
      if (image.digest) {
        expect(image.digest, image.name).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(image.digestSource, image.name).toMatch(/\S/);
      } else expect(image.noDigestReason, image.name).toMatch(/\S{10}/);
    }
  });
});

describe('offline', () => {
  it('plans the guide’s docker-sdn join from WinJoin’s own digests alone', () => {
    const plan = planOrRefusal(shapes['docker-sdn v1.9.1, offline']!.answers, context) as Plan;
    const kinds = Object.fromEntries(plan.steps.flatMap((s) => s.downloads).map((d) => [d.name, verificationOf(d)!.kind]));
    expect(kinds).toEqual({ dockerStatic: 'none', nssm: 'digest', sdnArchive: 'archive-entries', nodeTarball: 'digest' });
  });

  it.each([
    ['docker-sdn v1.23.5, offline', 'kubernetesVersion', 'v1.23.5', OFFLINE_DIGEST_KEYS.otherVersion],
    ['containerd-kubeadm, offline', 'containerd.version', '2.3.4', OFFLINE_DIGEST_KEYS.online],
  ])('refuses %s, naming %s and the fix, instead of fetching the digest from the network', (shape, field, value, key) => {
    const refusal = planOrRefusal(shapes[shape]!.answers, shapes[shape]!.context) as {
      code: string;
      params: Record<string, string>;
      message: string;
    };
    expect(refusal.code).toBe('E_INVALID_ANSWERS');
    expect(refusal.params).toMatchObject({ field, value, key });
    expect(refusal.message).toContain('downloads.offlineSource');
    if (key === OFFLINE_DIGEST_KEYS.otherVersion) expect(refusal.params.pinned).toBe('1.9.1');
  });
});

describe('images', () => {
  it('the pause image step names its base image and why it is pulled by tag, at the answers’ tag or the host’s', () => {
    const images = (shape: string) =>
      (planOrRefusal(shapes[shape]!.answers, context) as Plan).steps.find((s) => s.id === 'pause-image')!.images;
    expect(images('docker-sdn v1.9.1, online')).toEqual([
      {
        name: 'pauseBase',
        repository: 'mcr.microsoft.com/windows/servercore',
        noDigestReason: WINDOWS_BASE_IMAGE_NO_DIGEST,
      },
    ]);
    expect(images('docker-sdn v1.9.1 console, base tag 1809, online')![0]!.tag).toBe('1809');
  });

  it('the containerd step names the sandbox image containerd will pull', () => {
    const plan = planOrRefusal(shapes['containerd-kubeadm, online']!.answers, modern) as Plan;
    expect(plan.steps.find((s) => s.id === 'containerd')!.images!.map((i) => `${i.repository}:${i.tag}`)).toEqual([
      'registry.k8s.io/pause:3.10.2',
    ]);
  });
});

describe('the admin’s own digests (downloads.digests)', () => {
  const hex = (n: number) => (n.toString(16).padStart(2, '0') + 'ab').repeat(16);
  const kubeadmOffline = (digests: Record<string, string>) =>
    AnswersSchema.parse({
      ...exampleAnswers('containerd-kubeadm'),
      downloads: { offlineSource: 'D:\\winjoin-offline', extraCaFile: null, digests },
    });

  it('let an air-gapped containerd-kubeadm join plan: each refusal names the next file, and its digest comes from the answers', () => {
    const digests: Record<string, string> = {};
    let outcome = planOrRefusal(kubeadmOffline(digests), modern);
    for (let named = 0; !('steps' in outcome); named++) {
      expect(outcome.params.key).toBe(OFFLINE_DIGEST_KEYS.online);
      expect(outcome.message, 'the fix names the answer to give').toContain(`downloads.digests.${outcome.params.file}`);
      expect(digests[outcome.params.file!], 'a file refused twice').toBeUndefined();
      digests[outcome.params.file!] = `sha256:${hex(named)}`;
      outcome = planOrRefusal(kubeadmOffline(digests), modern);
    }
    expect(Object.keys(digests).length).toBeGreaterThanOrEqual(4);
    for (const d of outcome.steps.flatMap((s) => s.downloads)) {
      expect(verificationOf(d)!.kind, d.name).not.toBe('published');
      if (digests[d.fileName]) {
        expect(d.sha256).toBe(digests[d.fileName]!.slice('sha256:'.length));
        expect(d.checksumSource).toBe(ANSWER_DIGEST_SOURCE);
        expect(d.checksumUrl).toBeUndefined();
      }
    }
  });

  it('replace a published digest online, and give Docker’s zip the digest it otherwise goes without', () => {
    const online = planOrRefusal(exampleAnswers('containerd-kubeadm'), modern) as Plan;
    const kubelet = online.steps.flatMap((s) => s.downloads).find((d) => d.name === 'kubelet')!;
    expect(verificationOf(kubelet)!.kind).toBe('published');
    const pinned = planOrRefusal(
      AnswersSchema.parse({
        ...exampleAnswers('containerd-kubeadm'),
        downloads: { digests: { [kubelet.fileName]: `sha512:${'c'.repeat(128)}` } },
      }),
      modern,
    ) as Plan;
    expect(pinned.steps.flatMap((s) => s.downloads).find((d) => d.name === 'kubelet')).toMatchObject({
      sha512: 'c'.repeat(128),
      checksumSource: ANSWER_DIGEST_SOURCE,
    });
    const sdn = planOrRefusal(withServices(exampleAnswers()), context) as Plan;
    const docker = sdn.steps.flatMap((s) => s.downloads).find((d) => d.name === 'dockerStatic')!;
    const withDocker = planOrRefusal(
      withServices(AnswersSchema.parse({ ...exampleAnswers(), downloads: { digests: { [docker.fileName]: `sha256:${'D'.repeat(64)}` } } })),
      context,
    ) as Plan;
    const pinnedDocker = withDocker.steps.flatMap((s) => s.downloads).find((d) => d.name === 'dockerStatic')!;
    expect(pinnedDocker).toMatchObject({ sha256: 'd'.repeat(64), checksumSource: ANSWER_DIGEST_SOURCE });
    expect(pinnedDocker.noDigestReason).toBeUndefined();
  });

  it('refuse a file the plan does not download and a file WinJoin pins, naming the entry and the fix', () => {
    const typo = planOrRefusal(
      AnswersSchema.parse({
        ...exampleAnswers('containerd-kubeadm'),
        downloads: { digests: { 'kubelet.exe': `sha256:${'a'.repeat(64)}` } },
      }),
      modern,
    ) as { code: string; params: Record<string, string>; message: string };
    expect(typo).toMatchObject({
      code: 'E_INVALID_ANSWERS',
      params: { field: 'downloads.digests.kubelet.exe', key: ANSWER_DIGEST_KEYS.unknownFile },
    });
    expect(typo.params.files).toMatch(/kubelet-v1\.35\.1\.exe/);
    const nssm = (planOrRefusal(withServices(exampleAnswers()), context) as Plan).steps
      .flatMap((s) => s.downloads)
      .find((d) => d.name === 'nssm')!;
    const override = planOrRefusal(
      withServices(AnswersSchema.parse({ ...exampleAnswers(), downloads: { digests: { [nssm.fileName]: `sha256:${'a'.repeat(64)}` } } })),
      context,
    ) as { code: string; params: Record<string, string> };
    expect(override.params).toMatchObject({ field: `downloads.digests.${nssm.fileName}`, key: ANSWER_DIGEST_KEYS.pinned });
  });

  it('are checked by the answers schema: a digest without its algorithm, or of the wrong length, names the field', () => {
    for (const bad of ['a'.repeat(64), `sha256:${'a'.repeat(63)}`, `md5:${'a'.repeat(32)}`]) {
      const result = AnswersSchema.safeParse({
        ...exampleAnswers('containerd-kubeadm'),
        downloads: { digests: { 'kubelet-v1.35.1.exe': bad } },
      });
      expect(result.success, bad).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({
        path: ['downloads', 'digests', 'kubelet-v1.35.1.exe'],
        message: 'validation.downloadDigest.value',
      });
    }
  });
});
