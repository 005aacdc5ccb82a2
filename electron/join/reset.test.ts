import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers, type Answers } from '../../shared/answers.js';
import type { JournalEvent } from '../../shared/events.js';
import type { PlannedStep } from '../../shared/plan.js';
import type { ResetState } from '../../shared/reset.js';
import type { StepId } from '../../shared/steps.js';
import { JoinEngine } from './engine.js';
import { STATE_FILES } from './state-dir.js';
import { fakeExecutor, fakeRecipe, fakeStep, type FakeBehaviour } from './testing/fake-steps.js';
import type { StepExecutor } from './types.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-reset-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'Pr0xy-S3cret-Value';

function journal(): JournalEvent[] {
  return fs
    .readFileSync(path.join(dir, STATE_FILES.journal), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JournalEvent);
}

function resetState(): ResetState {
  return JSON.parse(fs.readFileSync(path.join(dir, STATE_FILES.resetState), 'utf8')) as ResetState;
}

/** A docker-sdn join as the fake recipe plans it: machine-changing steps with the params the reset reads. */
function sdnSteps(failWhile: string): PlannedStep[] {
  const changing = (id: StepId, needs: StepId[], params: Record<string, unknown> = {}, behaviour: FakeBehaviour = {}) => ({
    ...fakeStep(id, needs, behaviour),
    params: { ...behaviour, ...params },
    changesMachine: true,
  });
  return [
    fakeStep('prerequisites', []),
    changing('docker', ['prerequisites']),
    changing('proxy', ['docker'], { httpProxy: `http://user:${PASSWORD}@proxy.example:3128` }),
    changing('binaries', ['proxy']),
    changing('kubeconfig', ['proxy'], { sourcePath: '/admin.conf', context: '' }),
    changing('path-env', ['binaries', 'kubeconfig']),
    changing('kubelet', ['path-env'], { nodeName: 'win-node-1' }),
    changing('kube-proxy', ['kubelet'], {}, { failWhileFileExists: failWhile }),
    changing('sample-service', ['kube-proxy']),
  ];
}

function answersWithProxy(): Answers {
  const answers = exampleAnswers();
  const url = `http://user:${PASSWORD}@proxy.example:3128`;
  return { ...answers, proxy: { http: url, https: url, noProxy: [], addClusterRanges: true } };
}

interface Recorder {
  executor: StepExecutor;
  undone: StepId[];
  failing: Set<StepId>;
}

/** Runs joins with the fake executor; records each undo (and the node steps) in order, failing those the test names. */
function recorder(): Recorder {
  const undone: StepId[] = [];
  const failing = new Set<StepId>();
  const executor: StepExecutor = async (context) => {
    const { step } = context;
    if (step.params.Undo !== true && step.runsIn !== 'winjoin') return fakeExecutor(context);
    undone.push(step.id);
    // An undo that prints what it was given: the proxy password must never reach the journal.
    context.emit({ type: 'step.output', stepId: step.id, stream: 'stdout', line: `undoing with ${PASSWORD}` });
    if (failing.has(step.id))
      return { status: 'failed', exitCode: 1, error: { code: 'E_SCRIPT_ERROR', message: `undo failed near ${PASSWORD}` } };
    return { status: 'done', exitCode: 0, changed: true };
  };
  return { executor, undone, failing };
}

async function joinThenFail(rec: Recorder): Promise<JoinEngine> {
  const cause = path.join(dir, 'kube-proxy-fails');
  fs.writeFileSync(cause, 'x');
  const engine = new JoinEngine({ stateDir: dir, executor: rec.executor, recipe: fakeRecipe(sdnSteps(cause)) });
  expect(await engine.start(answersWithProxy()).done).toBe('failed');
  return engine;
}

describe('JoinEngine.reset', () => {
  it('undoes the steps the join ran, in the recipe reset order, with the node drained and deleted, and skips those it never ran', async () => {
    const rec = recorder();
    const engine = await joinThenFail(rec);
    const handle = engine.reset()!;
    const done = await handle.done;
    await engine.close();

    // kube-proxy failed mid-way, so it is undone too; sample-service never started; prerequisites changes nothing.
    expect(rec.undone).toEqual([
      'node-drain',
      'kube-proxy',
      'kubelet',
      'node-delete',
      'path-env',
      'binaries',
      'kubeconfig',
      'proxy',
      'docker',
    ]);
    expect(done.phase).toBe('succeeded');
    expect(done.neverRan).toEqual(['sample-service']);
    const events = journal().filter((e) => e.runId === handle.runId);
    expect(events[0]).toMatchObject({ type: 'reset.started', neverRan: ['sample-service'] });
    expect(events.at(-1)).toMatchObject({ type: 'reset.finished', outcome: 'succeeded', failed: [], held: [] });
    // The node steps get the node's name and the join's kubeconfig.
    const drain = events.find((e) => e.type === 'step.started' && e.stepId === 'node-drain');
    expect(drain).toBeDefined();
    // The machine no longer holds a join: state.json moved aside for the bundle.
    expect(fs.existsSync(path.join(dir, STATE_FILES.state))).toBe(false);
    expect(fs.existsSync(path.join(dir, STATE_FILES.resetJoin))).toBe(true);
    expect(engine.state()).toBeNull();
  });

  it('does nothing the second time: no join is left to reset', async () => {
    const rec = recorder();
    const engine = await joinThenFail(rec);
    await engine.reset()!.done;
    const count = rec.undone.length;
    const lastSeq = engine.lastSeq;
    expect(engine.reset()).toBeNull();
    await engine.close();
    // A new engine on the same directory (a second `winjoin reset`) finds no join either.
    const again = new JoinEngine({ stateDir: dir, executor: rec.executor, recipe: fakeRecipe([]) });
    expect(again.reset()).toBeNull();
    await again.close();
    expect(rec.undone).toHaveLength(count);
    expect(journal().at(-1)!.seq).toBe(lastSeq);
  });

  it('goes on after a failed undo, holds back what would stop a retry, and a second reset finishes only what is left', async () => {
    const rec = recorder();
    const engine = await joinThenFail(rec);
    rec.failing.add('kubelet');
    const first = await engine.reset()!.done;
    expect(first.phase).toBe('incomplete');
    // node-delete waits for the kubelet's removal (the node would register again); the rest goes on.
    expect(rec.undone).toEqual(['node-drain', 'kube-proxy', 'kubelet', 'path-env', 'binaries', 'kubeconfig', 'proxy', 'docker']);
    const finished = journal().findLast((e) => e.type === 'reset.finished');
    expect(finished).toMatchObject({ outcome: 'incomplete', failed: ['kubelet'], held: ['node-delete'] });
    expect(journal().some((e) => e.type === 'note' && e.key === 'reset.held' && e.params?.stepId === 'node-delete')).toBe(true);
    expect(first.steps.find((s) => s.id === 'kubelet')).toMatchObject({ status: 'failed', error: { code: 'E_SCRIPT_ERROR' } });
    // The join stays recorded, so the reset can be run again.
    expect(fs.existsSync(path.join(dir, STATE_FILES.state))).toBe(true);

    rec.failing.clear();
    rec.undone.length = 0;
    const second = await engine.reset()!.done;
    await engine.close();
    expect(rec.undone).toEqual(['kubelet', 'node-delete']);
    expect(second.phase).toBe('succeeded');
    expect(fs.existsSync(path.join(dir, STATE_FILES.state))).toBe(false);
  });

  it('keeps secrets out of the journal, the reset state and the errors', async () => {
    const rec = recorder();
    const engine = await joinThenFail(rec);
    rec.failing.add('proxy');
    await engine.reset()!.done;
    await engine.close();
    const text = fs.readFileSync(path.join(dir, STATE_FILES.journal), 'utf8');
    expect(text).toContain('undoing with');
    expect(text).not.toContain(PASSWORD);
    expect(JSON.stringify(resetState())).not.toContain(PASSWORD);
    expect(resetState().steps.find((s) => s.id === 'proxy')?.error?.message).toContain('undo failed near');
  });

  it('in a new process, reads the proxy again from its saved source for the cluster calls, and masks it', async () => {
    const url = `http://user:${PASSWORD}@proxy.example:3128`;
    process.env.WJ_RESET_TEST_PROXY = url;
    try {
      const rec = recorder();
      const cause = path.join(dir, 'kube-proxy-fails');
      fs.writeFileSync(cause, 'x');
      const first = new JoinEngine({ stateDir: dir, executor: rec.executor, recipe: fakeRecipe(sdnSteps(cause)) });
      const fromEnv = { value: url, source: { fromEnv: 'WJ_RESET_TEST_PROXY' } };
      await first.start(answersWithProxy(), { secretOrigins: { 'proxy.http': fromEnv, 'proxy.https': fromEnv } }).done;
      await first.close();

      const proxies: (string | undefined)[] = [];
      const second = new JoinEngine({
        stateDir: dir,
        executor: async (context) => {
          if (context.step.runsIn === 'winjoin') proxies.push(context.downloadSettings.proxy?.http);
          return rec.executor(context);
        },
        recipe: fakeRecipe([]),
      });
      await second.reset()!.done;
      await second.close();
      expect(proxies).toEqual([url, url]);
      expect(fs.readFileSync(path.join(dir, STATE_FILES.journal), 'utf8')).not.toContain(PASSWORD);
    } finally {
      delete process.env.WJ_RESET_TEST_PROXY;
    }
  });

  it('in a new process, goes without a proxy typed in the wizard, and says so', async () => {
    const rec = recorder();
    await (await joinThenFail(rec)).close();
    const proxies: unknown[] = [];
    const second = new JoinEngine({
      stateDir: dir,
      executor: async (context) => {
        if (context.step.runsIn === 'winjoin') proxies.push(context.downloadSettings.proxy);
        return rec.executor(context);
      },
      recipe: fakeRecipe([]),
    });
    const handle = second.reset()!;
    await handle.done;
    await second.close();
    expect(proxies).toEqual([null, null]);
    expect(journal().some((e) => e.runId === handle.runId && e.type === 'note' && e.key === 'reset.proxyUnavailable')).toBe(true);
  });

  it('refuses while a join runs in this process', async () => {
    const rec = recorder();
    const engine = await joinThenFail(rec);
    const marker = path.join(dir, 'started');
    const slow = new JoinEngine({
      stateDir: path.join(dir, 'other'),
      executor: fakeExecutor,
      recipe: fakeRecipe([fakeStep('prerequisites', [], { sleepMs: 400, startedMarker: marker })]),
    });
    const run = slow.start(exampleAnswers());
    await expect(async () => slow.reset()).rejects.toMatchObject({ code: 'E_JOIN_IN_PROGRESS' });
    await run.done;
    await slow.close();
    await engine.close();
  });
});
