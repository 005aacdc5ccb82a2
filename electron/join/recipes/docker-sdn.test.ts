import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswersSchema, exampleAnswers, type Answers } from '../../../shared/answers.js';
import { PlannedStepSchema, type PlannedStep } from '../../../shared/plan.js';
import { buildPlan } from '../planner.js';
import { DOCKER_SDN_STEP_IDS } from '../../../shared/steps.js';
import { dockerSdnRecipe, SDN_COMMIT } from './docker-sdn.js';
import { kubernetesDownloads } from './kubernetes-artifacts.js';

const context = { stateDir: 'C:\\ProgramData\\WinJoin' };

function answers(overrides: Record<string, unknown> = {}): Answers {
  const base = exampleAnswers();
  return AnswersSchema.parse({ ...base, ...overrides });
}

function byId(steps: PlannedStep[]): Map<string, PlannedStep> {
  return new Map(steps.map((s) => [s.id, s]));
}

/** Parameter names of a step script (all, and the mandatory ones), read from its param() block. */
function scriptParams(script: string): { all: string[]; mandatory: string[] } {
  const text = readFileSync(join(import.meta.dirname, '../../powershell/steps', script), 'utf8');
  const start = text.indexOf('param(');
  const block = text.slice(start, text.indexOf('\n)\n', start) + 2);
  const lines = block.split('\n').filter((l) => !l.trim().startsWith('#'));
  const name = (l: string) => /\$([A-Za-z]+)\b/.exec(l)?.[1]?.toLowerCase();
  return {
    all: lines.map(name).filter((n): n is string => !!n),
    mandatory: lines
      .filter((l) => l.includes('[Parameter(Mandatory)]'))
      .map(name)
      .filter((n): n is string => !!n),
  };
}

describe('docker-sdn recipe', () => {
  it('lists the steps in guide order, diagnostics last', () => {
    const steps = dockerSdnRecipe(answers(), context);
    // DOCKER_SDN_STEP_IDS is defined in guide order; a host-gateway join with both samples uses every step.
    expect(steps.map((s) => s.id)).toEqual([...DOCKER_SDN_STEP_IDS]);
    for (const step of steps) expect(() => PlannedStepSchema.parse(step)).not.toThrow();
  });

  it('forms the DAG of the guide, accepted by the planner', () => {
    const steps = byId(dockerSdnRecipe(answers(), context));
    const needs = (id: string) => steps.get(id)!.needs;
    expect(needs('prerequisites')).toEqual([]);
    expect(needs('docker')).toEqual(['prerequisites']);
    expect(needs('proxy')).toEqual(['docker']);
    for (const id of ['scripts', 'binaries', 'kubeconfig']) expect(needs(id)).toEqual(['proxy']);
    expect(needs('pause-image').sort()).toEqual(['docker', 'proxy', 'scripts']);
    expect(needs('path-env').sort()).toEqual(['binaries', 'kubeconfig']);
    expect(needs('api-check')).toEqual(['path-env']);
    expect(needs('kubelet').sort()).toEqual(['api-check', 'pause-image', 'scripts']);
    expect(needs('kube-proxy')).toEqual(['kubelet']);
    expect(needs('routes')).toEqual(['kube-proxy']);
    expect(needs('network-checks')).toEqual(['routes']);
    expect(needs('sample-service')).toEqual(['network-checks']);
    expect(needs('port-mapping')).toEqual(['sample-service']);
    expect(steps.get('diagnostics')!.always).toBe(true);
    expect(() => buildPlan(answers(), dockerSdnRecipe, context)).not.toThrow();
  });

  it('adds routes only for the host-gateway topology', () => {
    for (const topology of ['tor', 'flannel'] as const) {
      const a = answers({ network: { ...exampleAnswers().network, topology } });
      const steps = byId(dockerSdnRecipe(a, context));
      expect(steps.has('routes')).toBe(false);
      expect(steps.get('network-checks')!.needs).toEqual(['kube-proxy']);
      expect(() => buildPlan(a, dockerSdnRecipe, context)).not.toThrow();
    }
  });

  it('drops the sample service and port mapping when not asked for, keeping the chain intact', () => {
    const none = byId(dockerSdnRecipe(answers({ verify: { sampleService: false, portMapping: false } }), context));
    expect(none.has('sample-service')).toBe(false);
    expect(none.has('port-mapping')).toBe(false);
    const onlyPorts = byId(dockerSdnRecipe(answers({ verify: { sampleService: false, portMapping: true } }), context));
    expect(onlyPorts.get('port-mapping')!.needs).toEqual(['network-checks']);
  });

  it('passes every step exactly the parameters its script declares', () => {
    // A step run in WinJoin's process has no script of its own (kubeconfig hands its node-side scripts their parameters itself).
    for (const step of dockerSdnRecipe(answers(), context).filter((s) => !s.runsIn)) {
      const declared = scriptParams(step.script);
      const given = Object.keys(step.params).map((k) => k.toLowerCase());
      for (const key of given) expect(declared.all, `${step.id}.${key}`).toContain(key);
      for (const key of declared.mandatory) expect(given, `${step.id} needs ${key}`).toContain(key);
      expect(declared.all, `${step.id} takes -Downloads`).toContain('downloads');
    }
  });

  it('passes the answers through to the steps that use them', () => {
    const a = answers({
      installDir: 'D:\\Kube Node\\ノード',
      nodeName: 'win-1',
      proxy: { http: 'http://user:pw@proxy:3128', https: 'http://proxy:3128', noProxy: ['.corp'], addClusterRanges: false },
      network: { ...exampleAnswers().network, clusterCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12', dnsServiceIp: '10.96.0.10' },
      services: { runAs: 'console' },
    });
    const steps = byId(dockerSdnRecipe(a, context));
    expect(steps.get('scripts')!.params).toMatchObject({
      installDir: 'D:\\Kube Node\\ノード',
      serviceCidr: '10.96.0.0/12',
      dnsServiceIp: '10.96.0.10',
    });
    expect(steps.get('kubelet')!.params).toMatchObject({
      clusterCidr: '10.244.0.0/16',
      nodeName: 'win-1',
      runAs: 'console',
      stateDir: context.stateDir,
    });
    expect(steps.get('kubelet')!.downloads).toEqual([]);
    // In a console window the admin reads the kubelet there; there is no service log to follow.
    expect(steps.get('kubelet')!.followsLog).toBeUndefined();
    expect(steps.get('proxy')!.params).toMatchObject({
      httpProxy: 'http://user:pw@proxy:3128',
      noProxy: ['.corp'],
      addClusterRanges: false,
      masterIp: '10.1.2.3',
    });
    expect(steps.get('routes')!.params).toMatchObject({ masterIp: '10.1.2.3', clusterCidr: '10.244.0.0/16' });
    // The admin kubeconfig stays in WinJoin's process: the step runs there and gets the node its own identity.
    expect(steps.get('kubeconfig')).toMatchObject({ runsIn: 'winjoin', script: 'winjoin:kubeconfig' });
    expect(steps.get('kubeconfig')!.params).toMatchObject({ kubeconfigPath: exampleAnswers().cluster.kubeconfigPath });
    expect(steps.get('kubeconfig')!.params).not.toHaveProperty('sourcePath');
  });

  it('follows the kubelet and kube-proxy service logs in the live log when they run as services', () => {
    const steps = dockerSdnRecipe(answers({ services: { runAs: 'windows-service' } }), context);
    expect(steps.filter((s) => s.followsLog).map((s) => [s.id, s.followsLog])).toEqual([
      ['kubelet', 'logs/kubelet.log'],
      ['kube-proxy', 'logs/kube-proxy.log'],
    ]);
  });

  it('passes an empty proxy (remove what WinJoin set) when there is none', () => {
    const proxy = byId(dockerSdnRecipe(answers({ proxy: null }), context)).get('proxy')!;
    expect(proxy.params).toMatchObject({ httpProxy: '', httpsProxy: '', noProxy: [] });
  });

  it('downloads the pinned SDN commit, nssm for services, and the v1.9.1 tarball with its SHA-256', () => {
    const steps = byId(dockerSdnRecipe(answers(), context));
    const sdn = steps.get('scripts')!.downloads[0]!;
    expect(sdn.url).toBe(`https://github.com/Microsoft/SDN/archive/${SDN_COMMIT}.zip`);
    expect(steps.get('kubelet')!.downloads.map((d) => d.name)).toEqual(['nssm']);
    expect(steps.get('binaries')!.downloads).toEqual([
      expect.objectContaining({
        name: 'nodeTarball',
        url: 'https://dl.k8s.io/release/v1.9.1/kubernetes-node-windows-amd64.tar.gz',
        sha256: '4408e6d741c6008044584c0d7235e608c596e836d51346ee773589d9b4589fdc',
      }),
    ]);
    expect(steps.get('docker')!.downloads.map((d) => d.name)).toEqual(['dockerStatic']);
  });

  it('takes every base URL from the context origins', () => {
    const origins = {
      sdnArchive: 'http://127.0.0.1:9/sdn/',
      kubernetesRelease: 'http://127.0.0.1:9/k8s',
      dockerStatic: 'http://127.0.0.1:9/docker',
      nssm: 'http://127.0.0.1:9/nssm',
    };
    const all = dockerSdnRecipe(answers({ kubernetesVersion: 'v1.27.3' }), { ...context, origins }).flatMap((s) => s.downloads);
    expect(all.length).toBeGreaterThan(0);
    for (const d of all) expect(d.url.startsWith('http://127.0.0.1:9/')).toBe(true);
    expect(all.find((d) => d.name === 'sdnArchive')!.url).toBe(`http://127.0.0.1:9/sdn/${SDN_COMMIT}.zip`);
  });
});

describe('kubernetes artifacts', () => {
  it('uses individual binaries with their .sha512 for versions without a pinned tarball', () => {
    const downloads = kubernetesDownloads('v1.27.3', 'https://dl.k8s.io');
    expect(downloads.map((d) => d.name)).toEqual(expect.arrayContaining(['kubectl', 'kubelet', 'kube-proxy']));
    expect(downloads.find((d) => d.name === 'kubelet')).toMatchObject({
      url: 'https://dl.k8s.io/release/v1.27.3/bin/windows/amd64/kubelet.exe',
      checksumSource: 'https://dl.k8s.io/release/v1.27.3/bin/windows/amd64/kubelet.exe.sha512',
    });
  });

  it('plans the guide version for match-cluster', () => {
    expect(kubernetesDownloads('match-cluster', 'https://x')[0]!.name).toBe('nodeTarball');
  });
});

describe('kubernetes artifacts across release layouts', () => {
  it('uses the node tarball with its published .sha256 for old releases without a pinned digest', () => {
    const downloads = kubernetesDownloads('1.12.0', 'https://dl.k8s.io');
    expect(downloads).toEqual([
      expect.objectContaining({
        name: 'nodeTarball',
        publishedChecksum: 'sha256',
        fileName: 'kubernetes-node-windows-amd64-v1.12.0.tar.gz',
      }),
    ]);
  });
});
