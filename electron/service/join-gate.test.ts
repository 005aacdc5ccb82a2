/**
 * The kubeadm gate inside a join, against the kubeadm API server double on
 * loopback: the join starts only after the gate passed; the settled CA pin,
 * endpoint and server version reach the plan; a created token reaches the
 * kubeadm-join step in memory while state.json and the journal hold only its
 * marker; a resume in a new process creates another. Also `winjoin plan`
 * reading /version under match-cluster, and `winjoin join` printing the gate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleAnswers, type Answers } from '../../shared/answers.js';
import type { PlannedStep } from '../../shared/plan.js';
import { caCertHash } from '../host/bootstrap/ca-pin.js';
import { bootstrapTokenSecret } from '../host/bootstrap/token.js';
import { CALICO_PATHS } from '../host/cluster-prereqs/checks.js';
import { startKubeadmApiServer } from '../host/cluster-prereqs/testing/kubeadm-api-server.js';
import { TOKEN_SECRETS_PATH, useLoopbackKubeadmCluster } from '../host/cluster-prereqs/testing/loopback-kubeadm-cluster.js';
import { runCli } from '../cli/run-cli.js';
import { capturedIo } from '../cli/testing/captured-io.js';
import { recipeOfAnswers } from '../join/recipes/index.js';
import type { StepExecutor } from '../join/types.js';
import { createService } from './create-service.js';
import { JoinGateError } from './join-gate.js';
import { fakeDeps } from './testing/fake-deps.js';

const TOKEN = { id: 'k7q2xz', secret: 'p9w4m1r8t6y3u5e0' };
const cluster = useLoopbackKubeadmCluster(TOKEN, 'join-gate-');

function answers(patch: (a: Record<string, any>) => void = () => {}): Answers {
  const a = structuredClone(exampleAnswers('containerd-kubeadm')) as Record<string, any>;
  a.cluster.kubeconfigPath = cluster.kubeconfigPath;
  a.nodeName = 'win-node-1';
  a.verify = { ...a.verify, sampleService: false, portMapping: false };
  patch(a);
  return a as Answers;
}

/** Records each step as the executor receives it (markers filled in); windows-features asks for a restart once. */
function recordingExecutor(seen: PlannedStep[], options: { restartOnce?: boolean; failJoinOnce?: boolean } = {}): StepExecutor {
  let restarted = !options.restartOnce;
  let joinFailed = !options.failJoinOnce;
  return async ({ step, emit }) => {
    seen.push(step);
    // What a script echoing its parameters would print: the journal must mask the token.
    emit({ type: 'step.output', stepId: step.id, stream: 'stdout', line: `params ${JSON.stringify(step.params)}` });
    if (step.id === 'windows-features' && !restarted) {
      restarted = true;
      return { status: 'restart-pending', exitCode: 3010 };
    }
    if (step.id === 'kubeadm-join' && !joinFailed) {
      joinFailed = true;
      return { status: 'failed', exitCode: 1, error: { code: 'E_STEP_FAILED', message: 'kubeadm join failed' } };
    }
    return { status: 'done', exitCode: 0 };
  };
}

function open(stateDir: string, executor: StepExecutor) {
  return createService({ stateDir, shell: 'preview', deps: fakeDeps({ recipe: recipeOfAnswers, executor: () => executor }) });
}

/** Every file of the state directory, as text. */
function stateText(stateDir: string): string {
  return fs
    .readdirSync(stateDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'latin1'))
    .join('\n');
}

const createdTokens = () =>
  cluster.api
    .tokenSecrets()
    .map((s) => `${s.stringData['token-id']}.${s.stringData['token-secret']}`)
    .filter((t) => !t.startsWith(`${TOKEN.id}.`));

describe('a containerd-kubeadm join passes the kubeadm gate first', () => {
  it('creates the token, hands it to kubeadm-join in memory only, and plans the settled pin, endpoint and server version', async () => {
    const stateDir = path.join(cluster.dir, 'state');
    const seen: PlannedStep[] = [];
    const service = await open(stateDir, recordingExecutor(seen));
    try {
      const handle = await service.start(answers());
      expect(await handle.done).toBe('succeeded');
      const notes = (await service.engine.readJournal(0, 10_000)).filter((e) => e.type === 'note');
      expect(notes.map((n) => n.type === 'note' && [n.key, n.params?.id ?? n.params?.pin])).toEqual([
        ['joinGate.tokenCreated', createdTokens()[0]!.split('.')[0]],
        ['joinGate.pinFromKubeconfig', caCertHash(cluster.pki.caCert)],
      ]);
    } finally {
      await service.close();
    }
    const [created] = createdTokens();
    expect(created).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    const join = seen.find((s) => s.id === 'kubeadm-join')!;
    expect(join.params).toMatchObject({
      token: created,
      caCertHash: caCertHash(cluster.pki.caCert),
      apiServerEndpoint: `127.0.0.1:${new URL(cluster.api.url).port}`,
    });
    expect(seen.find((s) => s.id === 'kube-binaries')!.params.kubernetesVersion).toBe('1.35.1');

    const state = JSON.parse(fs.readFileSync(path.join(stateDir, 'state.json'), 'utf8'));
    expect(state.plan.steps.find((s: PlannedStep) => s.id === 'kubeadm-join').params.token).toBe('[[winjoin-secret:join.token]]');
    expect(state.secrets).toEqual([
      { field: 'join.token', source: { createdToken: { kubeconfigPath: cluster.kubeconfigPath, context: null } } },
    ]);
    const secretPart = created!.split('.')[1]!;
    expect(stateText(stateDir)).not.toContain(secretPart);
  });

  it('on resume in a new process creates another token, verifies it and hands that one over', async () => {
    const stateDir = path.join(cluster.dir, 'state');
    const first: PlannedStep[] = [];
    const one = await open(stateDir, recordingExecutor(first, { restartOnce: true }));
    try {
      expect(await (await one.start(answers())).done).toBe('restart-required');
    } finally {
      await one.close();
    }
    expect(first.map((s) => s.id)).not.toContain('kubeadm-join');

    const second: PlannedStep[] = [];
    const two = await open(stateDir, recordingExecutor(second));
    try {
      expect(await (await two.resume()).done).toBe('succeeded');
    } finally {
      await two.close();
    }
    const tokens = createdTokens();
    expect(tokens).toHaveLength(2);
    expect(second.find((s) => s.id === 'kubeadm-join')!.params.token).toBe(tokens[1]);
    for (const token of tokens) expect(stateText(stateDir)).not.toContain(token.split('.')[1]!);
  });

  it('a retry of kubeadm-join in a new process creates another token too', async () => {
    const stateDir = path.join(cluster.dir, 'state');
    const one = await open(stateDir, recordingExecutor([], { failJoinOnce: true }));
    try {
      expect(await (await one.start(answers())).done).toBe('failed');
    } finally {
      await one.close();
    }
    const seen: PlannedStep[] = [];
    const two = await open(stateDir, recordingExecutor(seen));
    try {
      await two.handlers['join:retry']({ stepId: 'kubeadm-join' });
      await two.engine.idle();
      expect(two.engine.state()!.phase).toBe('succeeded');
    } finally {
      await two.close();
    }
    const tokens = createdTokens();
    expect(tokens).toHaveLength(2);
    expect(seen.find((s) => s.id === 'kubeadm-join')!.params.token).toBe(tokens[1]);
  });

  it('a resume whose kubeconfig is gone names the field and the kubeconfig, and changes nothing', async () => {
    const stateDir = path.join(cluster.dir, 'state');
    const one = await open(stateDir, recordingExecutor([], { restartOnce: true }));
    try {
      await (
        await one.start(answers())
      ).done;
    } finally {
      await one.close();
    }
    fs.rmSync(cluster.kubeconfigPath);
    const seen: PlannedStep[] = [];
    const two = await open(stateDir, recordingExecutor(seen));
    try {
      await expect(two.resume()).rejects.toMatchObject({
        code: 'E_SECRET_UNAVAILABLE',
        params: { field: 'join.token', context: 'createdToken', source: cluster.kubeconfigPath },
      });
    } finally {
      await two.close();
    }
    expect(seen).toEqual([]);
  });

  it('a pasted token is verified and used as given; no token is created', async () => {
    const seen: PlannedStep[] = [];
    const service = await open(path.join(cluster.dir, 'state'), recordingExecutor(seen));
    try {
      await (
        await service.start(answers((a) => (a.join.token = `${TOKEN.id}.${TOKEN.secret}`)))
      ).done;
    } finally {
      await service.close();
    }
    expect(cluster.api.writes).toEqual([]);
    expect(seen.find((s) => s.id === 'kubeadm-join')!.params.token).toBe(`${TOKEN.id}.${TOKEN.secret}`);
  });

  it.each([
    ['a wrong CA hash', (a: Record<string, any>) => (a.join.caCertHash = `sha256:${'0'.repeat(64)}`), 'E_JOIN_CA_PIN', 'KP-WJ-JOIN-CA-PIN'],
    [
      'an expired token',
      (a: Record<string, any>) => (a.join.token = `${TOKEN.id}.${TOKEN.secret}`),
      'E_JOIN_TOKEN_UNKNOWN',
      'KP-M22-TOKEN-EXPIRED',
    ],
    ['Calico without the Windows settings', () => {}, 'E_CLUSTER_NOT_READY', 'KP-WJ-CALICO-WINDOWS-SETTINGS'],
  ])('%s stops the join before any step runs, with the error and the known problem', async (name, patch, code, problem) => {
    if (name === 'an expired token')
      cluster.api.objects.set(
        `${TOKEN_SECRETS_PATH}/bootstrap-token-${TOKEN.id}`,
        bootstrapTokenSecret(TOKEN, new Date(Date.now() - 1000)),
      );
    if (name.startsWith('Calico'))
      cluster.api.objects.set(CALICO_PATHS.installation, { metadata: {}, spec: { calicoNetwork: { bgp: 'Disabled' } } });
    const seen: PlannedStep[] = [];
    const stateDir = path.join(cluster.dir, 'state');
    const service = await open(stateDir, recordingExecutor(seen));
    let thrown: unknown;
    try {
      await service.start(answers(patch)).catch((error: unknown) => (thrown = error));
      expect(service.engine.state()).toBeNull();
    } finally {
      await service.close();
    }
    expect(thrown).toBeInstanceOf(JoinGateError);
    expect(thrown).toMatchObject({ code, gate: { ok: false } });
    expect((thrown as JoinGateError).gate.knownProblems[0]).toBe(problem);
    if (code === 'E_CLUSTER_NOT_READY') expect((thrown as JoinGateError).params).toEqual({ checks: 'calico-installation' });
    expect(seen).toEqual([]);
    expect(fs.existsSync(path.join(stateDir, 'state.json'))).toBe(false);
  });
});

describe('the CLI', () => {
  async function cli(stateDir: string, executor: StepExecutor, ...argv: string[]) {
    const io = capturedIo();
    const code = await runCli([...argv, '--state-dir', stateDir], {
      stdout: io.stdout,
      stderr: io.stderr,
      openService: (dirOfState) => () => open(dirOfState, executor),
    });
    return { code, out: io.out(), err: io.err() };
  }

  it('winjoin join prints the gate (the wrong credential, its known problem) and exits 1 before any step', async () => {
    const file = path.join(cluster.dir, 'a.json');
    fs.writeFileSync(file, JSON.stringify(answers((a) => (a.join.token = `${TOKEN.id}.ffffffffffffffff`))));
    const seen: PlannedStep[] = [];
    const result = await cli(path.join(cluster.dir, 'state'), recordingExecutor(seen), 'join', '--answers', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('E_JOIN_TOKEN_SIGNATURE');
    expect(result.err).toContain('KP-WJ-JOIN-TOKEN-SIGNATURE');
    expect(result.out + result.err).not.toContain('ffffffffffffffff');
    expect(seen).toEqual([]);
  });

  it('winjoin plan under match-cluster reads the server version through the kubeconfig', async () => {
    const file = path.join(cluster.dir, 'a.json');
    fs.writeFileSync(file, JSON.stringify(answers()));
    const result = await cli(path.join(cluster.dir, 'state'), recordingExecutor([]), 'plan', '--answers', file, '--json');
    expect(result.code, result.err).toBe(0);
    const plan = JSON.parse(result.out);
    expect(plan.steps.find((s: PlannedStep) => s.id === 'kube-binaries').params.kubernetesVersion).toBe('1.35.1');
    expect(cluster.api.writes).toEqual([]);
  });

  it('winjoin plan under match-cluster names the unreachable API server instead of planning a guess', async () => {
    const file = path.join(cluster.dir, 'a.json');
    fs.writeFileSync(file, JSON.stringify(answers()));
    await cluster.api.close();
    const result = await cli(path.join(cluster.dir, 'state'), recordingExecutor([]), 'plan', '--answers', file);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain('E_CLUSTER_UNREACHABLE');
    expect(result.out).toBe('');
    // The fixture closes the server after the test.
    cluster.api = await startKubeadmApiServer(cluster.pki);
  });
});
