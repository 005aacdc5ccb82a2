/**
 * The product's kubeadm gate (electron/service/kubeadm-gate.ts) against the
 * containerd-kubeadm rehearsal: the happy cluster passes with a token created
 * through the API, and each fault scenario stops the join before the Windows
 * machine changes, with the known problem that names the cause.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswersSchema, exampleAnswers, type Answers } from '../../../shared/answers.js';
import type { JoinState } from '../../../shared/state.js';
import { renewCreatedToken } from '../../service/join-gate.js';
import { runKubeadmGate } from '../../service/kubeadm-gate.js';
import { createClusterClient } from '../cluster/client.js';
import { clusterAccess } from '../cluster/access.js';
import type { ClusterState } from './cluster-model.js';
import { rehearsalLayout } from './paths.js';
import { reachEndpoint, startRehearsal, type RehearsalHandle } from './start-rehearsal.js';
import { capturedIo } from '../../cli/testing/captured-io.js';
import { runClusterCommand } from '../../cli/commands/cluster.js';
import { createService } from '../../service/create-service.js';
import { defaultDeps } from '../../service/default-deps.js';

function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(patch))
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && out[key] && typeof out[key] === 'object'
        ? merge(out[key] as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  return out;
}

/** The example answers of the recipe with the rehearsal's overrides, as the service prepares them for `winjoin join --rehearsal`. */
function rehearsalAnswers(handle: RehearsalHandle): Answers {
  const example = exampleAnswers('containerd-kubeadm') as unknown as Record<string, unknown>;
  return AnswersSchema.parse(merge(merge(example, handle.answersOverrides), handle.unattendedOverrides));
}

function clusterState(dir: string): ClusterState {
  return JSON.parse(fs.readFileSync(rehearsalLayout(dir).clusterState, 'utf8')) as ClusterState;
}

describe('the kubeadm gate against the containerd-kubeadm rehearsal', () => {
  let dir: string;
  let handle: RehearsalHandle | null = null;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-kubeadm-gate-'));
  });
  afterEach(async () => {
    await handle?.close();
    handle = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('happy: passes, applying kube-proxy-windows and creating a token the cluster then accepts', async () => {
    handle = await startRehearsal({ stateDir: dir, scenario: 'happy', recipe: 'containerd-kubeadm' });
    const { result, token } = await runKubeadmGate(rehearsalAnswers(handle), { reach: handle.reach });
    expect(result.error).toBeNull();
    expect(result.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.applied).toEqual(['kube-proxy-windows']);
    expect(result.serverVersion).toBe('v1.35.1');
    // The endpoint the node's kubeadm join gets is the simulated master, not the loopback listener.
    expect(result.credentials).toMatchObject({ endpoint: '192.0.2.10:6443', tokenCreated: true, caCertHashSource: 'kubeconfig' });

    const state = clusterState(dir);
    expect(state.objects?.['v1/secrets']?.map((s) => s.metadata.name)).toContain(`bootstrap-token-${result.credentials!.tokenId}`);
    expect(state.objects?.['apps/v1/daemonsets']?.map((d) => d.metadata.name)).toContain('kube-proxy-windows');

    // The created token is what the stand-in kubeadm will present: it reads kubeadm-config with it.
    const access = clusterAccess(handle.kubeconfigPath);
    const asToken = await createClusterClient({ server: handle.reach(access.server), ca: access.ca!, token: token! });
    try {
      await expect(asToken.get('/api/v1/namespaces/kube-system/configmaps/kubeadm-config')).resolves.toMatchObject({
        metadata: { name: 'kubeadm-config' },
      });
    } finally {
      await asToken.close();
    }
  });

  it('renews a created token after the simulated machine restarts: the API server has a new loopback port, the endpoint stays', async () => {
    handle = await startRehearsal({ stateDir: dir, scenario: 'happy', recipe: 'containerd-kubeadm' });
    const answers = rehearsalAnswers(handle);
    const { result } = await runKubeadmGate(answers, { reach: handle.reach });
    const portBefore = handle.reach('192.0.2.10:6443');
    await handle.close();
    handle = await startRehearsal({ stateDir: dir, scenario: 'happy', recipe: 'containerd-kubeadm' });
    // Only what renewCreatedToken reads of the saved state: the sealed token's source and the join step's plan values.
    const saved = {
      secrets: [{ field: 'join.token', source: { createdToken: { kubeconfigPath: answers.cluster.kubeconfigPath, context: null } } }],
      steps: [{ id: 'kubeadm-join', status: 'pending' }],
      plan: {
        steps: [{ id: 'kubeadm-join', params: { caCertHash: result.credentials!.caCertHash, apiServerEndpoint: '192.0.2.10:6443' } }],
      },
    } as unknown as JoinState;
    const renewed = await renewCreatedToken(saved, { proxy: null, extraCaFile: null }, { reach: handle.reach });
    expect(handle.reach('192.0.2.10:6443')).not.toBe(portBefore);
    const token = renewed.values.get('join.token')!;
    expect(token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(token.split('.')[0]).not.toBe(result.credentials!.tokenId);
  });

  it.each([
    ['calico-no-windows', 'KP-WJ-CALICO-WINDOWS-SETTINGS', null],
    ['expired-token', 'KP-M22-TOKEN-EXPIRED', 'E_JOIN_TOKEN_UNKNOWN'],
    ['wrong-ca-hash', 'KP-WJ-JOIN-CA-PIN', 'E_JOIN_CA_PIN'],
  ])('%s: stops with %s', async (scenario, problem, errorCode) => {
    handle = await startRehearsal({ stateDir: dir, scenario, recipe: 'containerd-kubeadm' });
    const machineBefore = fs.readFileSync(rehearsalLayout(dir).machineState, 'utf8');
    const { result, token } = await runKubeadmGate(rehearsalAnswers(handle), { reach: handle.reach });
    expect(result.ok).toBe(false);
    expect(token).toBeNull();
    expect(result.error?.code ?? null).toBe(errorCode);
    expect(result.knownProblems).toContain(problem);
    if (scenario === 'calico-no-windows')
      expect(result.checks.find((c) => c.id === 'calico-installation')).toMatchObject({ status: 'fail' });
    expect(fs.readFileSync(rehearsalLayout(dir).machineState, 'utf8')).toBe(machineBefore);
  });

  it('calico-no-windows with consent: WinJoin puts the Windows settings into the Installation and the gate passes', async () => {
    handle = await startRehearsal({ stateDir: dir, scenario: 'calico-no-windows', recipe: 'containerd-kubeadm' });
    const answers = rehearsalAnswers(handle);
    const { result } = await runKubeadmGate(
      { ...answers, cluster: { ...answers.cluster, applyPrerequisites: true } },
      { reach: handle.reach },
    );
    expect(result.applied).toEqual(['kube-proxy-windows', 'calico-installation']);
    expect(result.ok).toBe(true);
    const installation = clusterState(dir).objects?.['operator.tigera.io/v1/installations']?.[0] as unknown as { spec: unknown };
    expect(installation.spec).toMatchObject({ calicoNetwork: { windowsDataplane: 'HNS', bgp: 'Disabled' }, serviceCIDRs: ['11.0.0.0/16'] });
  });

  it('refuses a scenario of the other recipe, naming the ones that fit', async () => {
    await expect(startRehearsal({ stateDir: dir, scenario: 'gallery-tls', recipe: 'containerd-kubeadm' })).rejects.toMatchObject({
      code: 'E_INVALID_REQUEST',
      message: expect.stringContaining('is for recipe docker-sdn'),
    });
    await expect(startRehearsal({ stateDir: dir, scenario: 'expired-token' })).rejects.toMatchObject({
      code: 'E_INVALID_REQUEST',
      message: expect.stringContaining('is for recipe containerd-kubeadm'),
    });
  });

  it('starts a fresh world when the rehearsal dir belonged to the other recipe', async () => {
    handle = await startRehearsal({ stateDir: dir, scenario: 'happy' });
    expect(clusterState(dir).serverVersion).toBe('v1.9.1');
    await handle.close();
    handle = await startRehearsal({ stateDir: dir, scenario: 'happy', recipe: 'containerd-kubeadm' });
    const state = clusterState(dir);
    expect(state).toMatchObject({ recipe: 'containerd-kubeadm', serverVersion: 'v1.35.1' });
    expect(state.nodes.map((n) => n.metadata.name)).toEqual(['control-plane-1']);
    expect(JSON.parse(fs.readFileSync(rehearsalLayout(dir).machineState, 'utf8'))).toMatchObject({ os: { build: 20348 } });
  });
});

describe('winjoin cluster check --rehearsal', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-cluster-check-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function check(...args: string[]) {
    const file = path.join(dir, 'a.json');
    fs.writeFileSync(file, JSON.stringify(exampleAnswers('containerd-kubeadm')));
    const io = capturedIo();
    const deps = defaultDeps();
    const code = await runClusterCommand(['check', '--answers', file, '--rehearsal', ...args], io, {
      open: (options) => createService({ stateDir: path.join(dir, 'state'), shell: 'preview', rehearsal: options.rehearsal, deps }),
    });
    return { code, out: io.out(), err: io.err() };
  }

  it('takes the world from the answers: the example answers pass against the happy cluster, naming the simulated master', async () => {
    const { code, out } = await check();
    expect(code).toBe(0);
    expect(out).toContain('192.0.2.10:6443');
  });

  it('gives the consent to cluster fixes to the CLI only: the wizard asks for it (Apply) as on a real machine', async () => {
    const answers = exampleAnswers('containerd-kubeadm');
    const consent = async (unattended: boolean) => {
      const service = await createService({
        stateDir: path.join(dir, unattended ? 'cli' : 'wizard'),
        shell: 'preview',
        rehearsal: { scenario: 'happy', recipe: 'containerd-kubeadm', unattended },
        deps: defaultDeps(),
      });
      try {
        return service.prepareAnswers(answers).cluster.applyPrerequisites;
      } finally {
        await service.close();
      }
    };
    expect(await consent(false)).toBe(false);
    expect(await consent(true)).toBe(true);
  });

  it("offers the wizard the scenarios of the running world's recipe", async () => {
    const service = await createService({
      stateDir: path.join(dir, 'state'),
      shell: 'preview',
      rehearsal: { scenario: 'happy', recipe: 'containerd-kubeadm' },
      deps: defaultDeps(),
    });
    try {
      const info = await service.handlers['app:info'](undefined as never);
      expect(info.rehearsal.scenarios).toContain('expired-token');
      expect(info.rehearsal.scenarios).not.toContain('gallery-tls');
    } finally {
      await service.close();
    }
  });

  it('stops with the scenario known problem, and refuses a scenario of the other recipe', async () => {
    const wrong = await check('--scenario', 'wrong-ca-hash');
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('KP-WJ-JOIN-CA-PIN');
    const other = await check('--scenario', 'gallery-tls');
    expect(other.code).toBe(2);
    expect(other.err).toContain('is for recipe docker-sdn');
  });
});

describe('reachEndpoint', () => {
  const forwards = { '192.0.2.10:6443': '127.0.0.1:40123' };
  it('maps the simulated master, as host:port or URL, and leaves anything else alone', () => {
    expect(reachEndpoint(forwards, '192.0.2.10:6443')).toBe('127.0.0.1:40123');
    expect(reachEndpoint(forwards, 'https://192.0.2.10:6443')).toBe('https://127.0.0.1:40123');
    expect(reachEndpoint(forwards, 'https://192.0.2.10:6443/version')).toBe('https://127.0.0.1:40123/version');
    expect(reachEndpoint(forwards, 'https://192.0.2.10:443')).toBe('https://192.0.2.10:443');
    expect(reachEndpoint(forwards, '10.1.2.3:6443')).toBe('10.1.2.3:6443');
  });
});
