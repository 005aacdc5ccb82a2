import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import type { JournalEvent } from '../../shared/events.js';
import { JoinEngine } from './engine.js';
import { fakeExecutor, fakeRecipe, fakeStep } from './testing/fake-steps.js';
import type { StepExecutor } from './types.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-engine-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function readJournal(stateDir: string): JournalEvent[] {
  return fs
    .readFileSync(path.join(stateDir, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JournalEvent);
}

describe('JoinEngine', () => {
  it('runs independent steps side by side and dependent ones after', async () => {
    const engine = new JoinEngine({
      stateDir: dir,
      executor: fakeExecutor,
      recipe: fakeRecipe([
        fakeStep('prerequisites', []),
        fakeStep('scripts', ['prerequisites'], { sleepMs: 300, lines: 3 }),
        fakeStep('binaries', ['prerequisites'], { sleepMs: 300, lines: 3 }),
        fakeStep('path-env', ['scripts', 'binaries']),
      ]),
    });
    const phase = await engine.start(exampleAnswers()).done;
    await engine.close();
    expect(phase).toBe('succeeded');
    const events = readJournal(dir);
    const order = events
      .filter((e) => e.type === 'step.started' || e.type === 'step.finished')
      .map((e) => `${e.type}:${'stepId' in e ? e.stepId : ''}`);
    // Both middle steps start before either finishes: they overlapped.
    const startScripts = order.indexOf('step.started:scripts');
    const startBinaries = order.indexOf('step.started:binaries');
    const firstMiddleFinish = Math.min(order.indexOf('step.finished:scripts'), order.indexOf('step.finished:binaries'));
    expect(Math.max(startScripts, startBinaries)).toBeLessThan(firstMiddleFinish);
    expect(order.indexOf('step.started:path-env')).toBeGreaterThan(
      Math.max(order.indexOf('step.finished:scripts'), order.indexOf('step.finished:binaries')),
    );
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('stops at a failure, runs diagnostics anyway, and a retry after the fix finishes the join', async () => {
    const cause = path.join(dir, 'cause');
    fs.writeFileSync(cause, 'x');
    const engine = new JoinEngine({
      stateDir: dir,
      executor: fakeExecutor,
      classifyFailure: ({ lines }) => (lines.some((l) => l.includes('KUBE_NETWORK') || l.includes('Hns Network')) ? ['KP-TEST'] : []),
      recipe: fakeRecipe([
        fakeStep('prerequisites', []),
        fakeStep('kube-proxy', ['prerequisites'], { failWhileFileExists: cause }),
        fakeStep('routes', ['kube-proxy']),
        fakeStep('diagnostics', [], {}, true),
      ]),
    });
    expect(await engine.start(exampleAnswers()).done).toBe('failed');
    let state = engine.state()!;
    expect(state.steps.map((s) => [s.id, s.status])).toEqual([
      ['prerequisites', 'done'],
      ['kube-proxy', 'failed'],
      ['routes', 'pending'],
      ['diagnostics', 'done'],
    ]);
    expect(state.steps[1]!.knownProblems).toEqual(['KP-TEST']);
    expect(() => engine.retry('routes')).toThrow(/has not failed/);

    fs.rmSync(cause);
    expect(await engine.retry('kube-proxy').done).toBe('succeeded');
    state = engine.state()!;
    expect(state.steps.find((s) => s.id === 'kube-proxy')!.attempts).toBe(2);
    expect(state.steps.find((s) => s.id === 'prerequisites')!.attempts).toBe(1);
    await engine.close();
  });

  it('cancel stops the running step and the join can be resumed', async () => {
    const engine = new JoinEngine({
      stateDir: dir,
      executor: fakeExecutor,
      recipe: fakeRecipe([
        fakeStep('prerequisites', []),
        fakeStep('docker', ['prerequisites'], { sleepMs: 20_000, lines: 100 }),
        fakeStep('proxy', ['docker']),
      ]),
    });
    const handle = engine.start(exampleAnswers());
    const unsubscribe = engine.subscribe((batch) => {
      if (batch.some((e) => e.type === 'step.started' && e.stepId === 'docker')) engine.cancel();
    });
    expect(await handle.done).toBe('cancelled');
    unsubscribe();
    expect(engine.state()!.steps.find((s) => s.id === 'docker')!.status).toBe('cancelled');
    expect(engine.resumable).toBe(true);
    await engine.close();
  });

  it('stops with restart-required and resume continues after the restart', async () => {
    const engine = new JoinEngine({
      stateDir: dir,
      executor: fakeExecutor,
      recipe: fakeRecipe([fakeStep('docker', [], { restartOnceMarker: path.join(dir, 'rebooted') }), fakeStep('proxy', ['docker'])]),
    });
    expect(await engine.start(exampleAnswers()).done).toBe('restart-required');
    expect(engine.state()!.steps.map((s) => s.status)).toEqual(['restart-pending', 'pending']);
    await engine.close();

    // A new process after the reboot: the engine reads the saved state.
    const after = new JoinEngine({
      stateDir: dir,
      executor: fakeExecutor,
      recipe: fakeRecipe([]),
    });
    expect(after.resumable).toBe(true);
    expect(await after.resume().done).toBe('succeeded');
    expect(after.state()!.steps.map((s) => s.status)).toEqual(['done', 'done']);
    await after.close();
  });

  it('refuses a second concurrent join from another process, and takes over the lock once that process is gone', async () => {
    const markers = path.join(dir, 'markers');
    fs.mkdirSync(markers);
    const child = path.join(import.meta.dirname, 'testing', 'engine-child.ts');
    const other = execa(process.execPath, ['--import', 'tsx', child, dir, 'start', markers], { reject: false });
    const deadline = Date.now() + 20_000;
    while (!fs.existsSync(path.join(markers, 'docker.started')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    const engine = new JoinEngine({ stateDir: dir, executor: fakeExecutor, recipe: fakeRecipe([fakeStep('docker', [])]) });
    expect(() => engine.start(exampleAnswers())).toThrow(/another join \(pid \d+\)/);

    other.kill('SIGKILL');
    await other;
    // The owner died (as in a crash): its lock is stale and a new join may start.
    expect(await engine.start(exampleAnswers()).done).toBe('succeeded');
    expect(() => engine.start(exampleAnswers())).not.toThrow();
    await engine.close();
  }, 60_000);

  it('refuses resume with answers that differ from the interrupted join', async () => {
    const engine = new JoinEngine({
      stateDir: dir,
      executor: fakeExecutor,
      recipe: fakeRecipe([fakeStep('docker', [], { restartOnceMarker: path.join(dir, 'r') })]),
    });
    await engine.start(exampleAnswers()).done;
    const changed = { ...exampleAnswers(), nodeName: 'other-node' };
    expect(() => engine.resume(changed)).toThrow(/differ/);
    await engine.close();
  });
});

describe("a service's log", () => {
  it("journals what the step's service writes to its log, from the step's start until the run ends", async () => {
    const log = path.join(dir, 'logs', 'kubelet.log');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.writeFileSync(log, 'I0101 from an earlier run\n');
    const executor: StepExecutor = async (context) => {
      // The service keeps writing after its step is done; the last line has no newline yet when the run ends.
      if (context.step.id === 'kubelet') fs.appendFileSync(log, 'I0101 registered\n');
      if (context.step.id === 'kube-proxy') fs.appendFileSync(log, 'E0101 still running\nI0101 no newline yet');
      return fakeExecutor(context);
    };
    const engine = new JoinEngine({
      stateDir: dir,
      executor,
      recipe: fakeRecipe([{ ...fakeStep('kubelet', []), followsLog: 'logs/kubelet.log' }, fakeStep('kube-proxy', ['kubelet'])]),
    });
    expect(await engine.start(exampleAnswers()).done).toBe('succeeded');
    await engine.close();
    const events = readJournal(dir);
    const service = events.filter((e) => e.type === 'step.output' && e.stream === 'service');
    expect(service.map((e) => (e.type === 'step.output' ? [e.stepId, e.line] : []))).toEqual([
      ['kubelet', 'I0101 registered'],
      ['kubelet', 'E0101 still running'],
      ['kubelet', 'I0101 no newline yet'],
    ]);
    expect(events.at(-1)?.type).toBe('run.finished');
  });
});

describe('crash and resume', () => {
  it('a killed engine resumes at the interrupted step and loses no journal line', async () => {
    const markers = path.join(dir, 'markers');
    fs.mkdirSync(markers);
    const child = path.join(import.meta.dirname, 'testing', 'engine-child.ts');
    // node with the tsx loader (not the tsx wrapper), so the killed process is the engine itself.
    const run = (mode: string) => execa(process.execPath, ['--import', 'tsx', child, dir, mode, markers], { reject: false });

    const first = run('start');
    // Wait until the long step is running and has printed some lines, then kill without warning.
    const deadline = Date.now() + 20_000;
    while (!fs.existsSync(path.join(markers, 'docker.started')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 600));
    first.kill('SIGKILL');
    await first;
    const beforeCrash = readJournal(dir);
    const printedBeforeCrash = beforeCrash.filter((e) => e.type === 'step.output' && e.stepId === 'docker');
    expect(printedBeforeCrash.length).toBeGreaterThan(0);
    expect(beforeCrash.some((e) => e.type === 'run.finished')).toBe(false);

    const second = await run('resume');
    expect(second.stdout).toContain('PHASE succeeded');

    const journal = readJournal(dir);
    expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
    // Everything written before the crash is still there, byte for byte.
    expect(journal.slice(0, beforeCrash.length)).toEqual(beforeCrash);
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
    const docker = state.steps.find((s: { id: string }) => s.id === 'docker');
    expect(docker.status).toBe('done');
    expect(docker.attempts).toBe(2);
    expect(state.steps.find((s: { id: string }) => s.id === 'prerequisites').attempts).toBe(1);
    expect(journal.filter((e) => e.type === 'run.started').map((e) => (e as { resumed: boolean }).resumed)).toEqual([false, true]);
  }, 60_000);
});
