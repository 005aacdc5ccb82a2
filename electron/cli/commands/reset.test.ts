import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../../shared/answers.js';
import type { JournalEvent } from '../../../shared/events.js';
import { EXIT } from '../../../shared/exit-codes.js';
import type { StepExecutor } from '../../join/types.js';
import { createService } from '../../service/create-service.js';
import { fakeDeps, fakeStep } from '../../service/testing/fake-deps.js';
import { fakeExecutor } from '../../join/testing/fake-steps.js';
import { capturedIo } from '../testing/captured-io.js';
import { runCli } from '../run-cli.js';

let dir: string;
let undone: string[];
let failUndo: Set<string>;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-cli-reset-'));
  undone = [];
  failUndo = new Set();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const executor: StepExecutor = async (context) => {
  const { step } = context;
  if (step.params.Undo !== true && step.runsIn !== 'winjoin') return fakeExecutor(context);
  undone.push(step.id);
  if (failUndo.has(step.id)) {
    context.emit({ type: 'step.output', stepId: step.id, stream: 'stderr', line: 'Access is denied.' });
    return { status: 'failed', exitCode: 1, error: { code: 'E_SCRIPT_ERROR', message: 'Access is denied.' } };
  }
  return { status: 'done', exitCode: 0, changed: true };
};

const deps = fakeDeps({
  recipe: (answers) => [
    fakeStep('prerequisites', []),
    { ...fakeStep('docker', ['prerequisites']), changesMachine: true },
    { ...fakeStep('kubelet', ['docker']), params: { nodeName: answers.nodeName ?? 'win-node-1' }, changesMachine: true },
  ],
  executor: () => executor,
});

async function cli(argv: string[], prompt?: (question: string) => Promise<string>) {
  const io = capturedIo();
  const code = await runCli([...argv, '--state-dir', path.join(dir, 'state')], {
    stdout: io.stdout,
    stderr: io.stderr,
    openService: (stateDir) => () => createService({ stateDir, shell: 'preview', deps }),
    ...(prompt ? { prompt } : {}),
  });
  return { code, out: io.out(), err: io.err() };
}

function answersFile(): string {
  const file = path.join(dir, 'a.json');
  fs.writeFileSync(file, JSON.stringify(exampleAnswers()));
  return file;
}

async function joined(): Promise<string> {
  const file = answersFile();
  expect((await cli(['join', '--answers', file])).code).toBe(EXIT.ok);
  return file;
}

describe('winjoin reset', () => {
  it('says there is nothing to reset and exits 0 when no join ran here', async () => {
    const result = await cli(['reset', '--yes']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.err).toContain('No join to reset');
  });

  it('changes nothing without --yes when nobody can be asked, or when the answer is no', async () => {
    await joined();
    const unattended = await cli(['reset']);
    expect(unattended.code).toBe(EXIT.invalidInput);
    expect(unattended.err).toContain('E_RESET_NOT_CONFIRMED');
    const declined = await cli(['reset'], async () => 'n');
    expect(declined.code).toBe(EXIT.invalidInput);
    expect(undone).toEqual([]);
    expect((await cli(['state', '--json'])).out).toContain('"phase": "succeeded"');
  });

  it("asks, then undoes the join with the node removed through the answers' kubeconfig; a second reset does nothing", async () => {
    const file = await joined();
    let asked = '';
    const result = await cli(['reset', '--answers', file], async (question) => {
      asked = question;
      return 'y';
    });
    expect(asked).toContain('[y/N]');
    expect(result.code).toBe(EXIT.ok);
    expect(result.err).toContain('docker');
    expect(undone).toEqual(['node-drain', 'kubelet', 'node-delete', 'docker']);
    expect(result.err).toContain('every step the join ran has been undone');
    expect(result.out).toContain('> kubelet: undo "Start kubelet"');
    expect(result.out).toContain('> node-drain: Drain the node');

    const again = await cli(['reset', '--yes', '--json']);
    expect(again.code).toBe(EXIT.ok);
    expect(JSON.parse(again.out)).toEqual({ outcome: 'nothing-to-do' });
    expect(undone).toHaveLength(4);
  });

  it('prints one JSON event per line, and without a kubeconfig leaves the node for the admin to delete', async () => {
    await joined();
    const result = await cli(['reset', '--yes', '--json']);
    expect(result.code).toBe(EXIT.ok);
    const events = result.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JournalEvent);
    expect(events[0]).toMatchObject({ type: 'reset.started', stepIds: ['kubelet', 'docker'] });
    expect(events.some((e) => e.type === 'note' && e.key === 'reset.nodeRemovalMissing.kubeconfig')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'reset.finished', outcome: 'succeeded' });
  });

  it('exits 1 naming the undo that failed, goes on with the others, and finishes on the next run', async () => {
    await joined();
    failUndo.add('kubelet');
    const result = await cli(['reset', '--yes']);
    expect(result.code).toBe(EXIT.stepFailed);
    expect(undone).toEqual(['kubelet', 'docker']);
    expect(result.err).toMatch(/kubelet: E_SCRIPT_ERROR Access is denied/);

    failUndo.clear();
    const again = await cli(['reset', '--yes']);
    expect(again.code).toBe(EXIT.ok);
    expect(undone).toEqual(['kubelet', 'docker', 'kubelet']);
  });

  it('refuses --rehearsal for a join that ran on this machine', async () => {
    await joined();
    const result = await cli(['reset', '--yes', '--rehearsal']);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(result.err).toContain('E_RESET_MODE_MISMATCH');
    expect(undone).toEqual([]);
  });

  it("resets a rehearsal in the simulated world of the saved join's recipe, not a fresh default one", async () => {
    const started: { scenario: string; recipe?: string }[] = [];
    const rehearsing = fakeDeps({
      recipe: deps.recipe,
      executor: () => executor,
      startRehearsal: async (options) => {
        started.push(options);
        return {
          scenario: options.scenario,
          recipeContext: {},
          answersOverrides: {},
          executor,
          clusterKubeconfigPath: '/dev/null',
          restartMachine: () => undefined,
          show: async () => ({}),
          close: async () => undefined,
        };
      },
    });
    const run = async (argv: string[]) =>
      runCli([...argv, '--state-dir', path.join(dir, 'state')], {
        ...capturedIo(),
        openService: (stateDir) => (options) =>
          createService({ stateDir, shell: 'preview', rehearsal: options.rehearsal, deps: rehearsing }),
      });
    expect(await run(['join', '--answers', answersFile(), '--rehearsal', '--scenario', 'happy'])).toBe(EXIT.ok);
    expect(await run(['reset', '--yes', '--rehearsal'])).toBe(EXIT.ok);
    expect(started.map((s) => s.recipe)).toEqual(['docker-sdn', 'docker-sdn']);
  });
});
