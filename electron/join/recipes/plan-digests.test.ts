/**
 * Issue 19 point 7: every file either recipe downloads carries a digest
 * (pinned, published beside it, or per file inside an archive) or the plan
 * says, for that file, why none exists.
 */
import { describe, expect, it } from 'vitest';
import { AnswersSchema, exampleAnswers, type Answers } from '../../../shared/answers.js';
import { DOCKER_STATIC_NO_DIGEST, NSSM_2_24_ZIP, SDN_ARCHIVE_FILES } from '../../host/download/pinned-digests.js';
import { verificationOf } from '../download-verification.js';
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
