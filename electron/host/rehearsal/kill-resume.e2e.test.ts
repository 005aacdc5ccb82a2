/**
 * Crash safety end to end (issue 8): a happy rehearsal join is SIGKILLed at
 * every step boundary and in the middle of every long step, resumed each
 * time with `winjoin join --resume`, and must end with the same machine,
 * cluster and join state as a join that was never interrupted.
 *
 * One chained run keeps this to a handful of processes: each process is
 * killed at the first kill point it reaches that no earlier process was
 * killed at, so walking the chain to the end visits every point once. The
 * engine runs as a real child process, so nothing in it gets to clean up:
 * the stale join.lock, a torn journal line, orphaned step scripts and
 * services are all the resume's to deal with, as after a real crash.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../shared/events.js';
import { EXIT } from '../../../shared/exit-codes.js';
import { DOCKER_SDN_STEP_IDS } from '../../../shared/steps.js';
import type { JoinState } from '../../../shared/state.js';
import { runCliProcess, type CliProcessResult } from './testing/cli-process.js';
import { readFinalState } from './testing/final-state.js';
import { createScenarioCli, writeExampleAnswers } from './testing/run-scenario.js';

/** A happy host-gateway join runs every step, in guide order: the order DOCKER_SDN_STEP_IDS is defined in. */
const STEPS: readonly string[] = DOCKER_SDN_STEP_IDS;
/** The 'always' step: every resume runs it again by design, so it is no re-run of finished work. */
const ALWAYS = new Set(['diagnostics']);

interface KillPoint {
  id: string;
  stepId: string;
  /** A kill in the middle of the step, rather than at its end. */
  mid: boolean;
  matches(event: JournalEvent): boolean;
}

/** After each step but the last has finished: between steps, or while its parallel siblings still run. */
const boundaries: KillPoint[] = STEPS.slice(0, -1).map((stepId) => ({
  id: `after ${stepId}`,
  stepId,
  mid: false,
  matches: (e) => e.type === 'step.finished' && e.stepId === stepId && e.status === 'done',
}));

/**
 * The long steps, each at the first thing it reports after it started: a
 * line of its script or of its downloads, or a phase of its script (not the
 * download progress, which a cached file reports before anything happened).
 * Not a fixed line: a step a killed process had started may have been
 * carried further by its orphaned script before the resume ended it, and
 * then prints something else (or only its downloads) when it runs again.
 */
const middles: KillPoint[] = ['docker', 'binaries', 'pause-image', 'kubelet', 'kube-proxy', 'routes', 'sample-service'].map((stepId) => ({
  id: `mid ${stepId}`,
  stepId,
  mid: true,
  matches: (e) =>
    (e.type === 'step.output' && e.stepId === stepId) || (e.type === 'step.progress' && e.stepId === stepId && e.bytes === undefined),
}));
const KILL_POINTS = [...boundaries, ...middles];
const TIMEOUT = 900_000;

interface ChainRun extends CliProcessResult {
  point: string | null;
}

let root: string;
let answers: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-kill-resume-'));
  answers = await writeExampleAnswers(root);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function readJournal(stateDir: string): JournalEvent[] {
  return fs
    .readFileSync(path.join(stateDir, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JournalEvent);
}

function splitAtRunStarts(journal: JournalEvent[]): JournalEvent[][] {
  const segments: JournalEvent[][] = [];
  for (const event of journal) {
    if (event.type === 'run.started' || segments.length === 0) segments.push([]);
    segments.at(-1)!.push(event);
  }
  return segments;
}

function stepEvents<T extends 'step.started' | 'step.finished'>(events: JournalEvent[], type: T) {
  return events.filter((e): e is Extract<JournalEvent, { type: T }> => e.type === type);
}

async function finalState(stateDir: string) {
  const cli = createScenarioCli(stateDir);
  const state: JoinState = await cli.state();
  return { state, final: readFinalState(stateDir, state, await cli.show()) };
}

describe('a rehearsal join killed at every step boundary and mid-step, and resumed', () => {
  it(
    'ends with the same machine, cluster and join state as an uninterrupted join',
    async () => {
      const happyArgs = ['join', '--json', '--answers', answers, '--rehearsal', '--scenario', 'happy'];
      const baselineDir = path.join(root, 'uninterrupted');
      const chainDir = path.join(root, 'killed');
      // The uninterrupted join runs alongside the chain: the kills follow events, not the clock, so sharing the cores changes nothing.
      const baselineRun = runCliProcess(baselineDir, happyArgs);

      const used = new Set<string>();
      const runs: ChainRun[] = [];
      for (let i = 0; i <= KILL_POINTS.length; i++) {
        let point: string | null = null;
        const result = await runCliProcess(chainDir, i === 0 ? happyArgs : ['join', '--json', '--resume'], (event) => {
          const next = KILL_POINTS.find((p) => !used.has(p.id) && p.matches(event));
          if (!next) return false;
          used.add(next.id);
          point = next.id;
          return true;
        });
        expect(result.events[0]?.type, result.err).toBe('run.started');
        runs.push({ ...result, point });
        if (!result.killedAfter) break;
      }
      const kills = runs.slice(0, -1);
      const last = runs.at(-1)!;
      console.info(`kill-resume: ${kills.length} kills, ${runs.length} processes: ${kills.map((r) => r.point).join(', ')}`);

      // SIGKILL is not instant: between the event that triggered it and the process's death, a parallel step
      // may finish and journal its end. That point then lies behind the killed process and no later process
      // reaches it: it was passed, not missed. Read from the journal, such points are few (a busy machine
      // gave one); more would mean the kills lag, and the test fails.
      const journal = readJournal(chainDir);
      const overtaken = new Set<string>();
      for (const run of runs.slice(0, -1)) {
        const dyingSeq = run.killedAfter!.seq;
        const nextStart = runs[runs.indexOf(run) + 1]!.events[0]!.seq;
        for (const event of journal.filter((e) => e.seq > dyingSeq && e.seq < nextStart))
          for (const p of KILL_POINTS) if (!used.has(p.id) && p.matches(event)) overtaken.add(p.id);
      }
      if (overtaken.size) console.info(`kill-resume: passed by a dying process: ${[...overtaken].join(', ')}`);

      // Every point was reached and killed at (or passed by a dying process), and the chain then ran to the end.
      expect([...used, ...overtaken].sort()).toEqual(KILL_POINTS.map((p) => p.id).sort());
      expect(overtaken.size).toBeLessThanOrEqual(2);
      expect(kills).toHaveLength(KILL_POINTS.length - overtaken.size);
      expect(last.code, last.err).toBe(EXIT.ok);
      expect(last.events.at(-1)).toMatchObject({ type: 'run.finished', outcome: 'succeeded' });
      for (const run of runs.slice(1)) expect(run.events[0]).toMatchObject({ type: 'run.started', resumed: true });

      // The journal: one numbering across every process, nothing lost, nothing written twice.
      expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
      // A resume carries on the join's runId, so each process's share of the journal starts at its run.started.
      const segments = splitAtRunStarts(journal);
      expect(segments.map((s) => s[0]!.seq)).toEqual(runs.map((r) => r.events[0]!.seq));
      const bySeq = new Map(journal.map((e) => [e.seq, e]));
      for (const run of runs) {
        // What a process printed had been written to the journal first, so a kill cannot take it back.
        for (const event of run.events) expect(bySeq.get(event.seq)).toEqual(event);
      }

      const finishedSoFar = new Set<string>();
      const startedCount = new Map<string, number>();
      for (const [index, run] of runs.entries()) {
        const own = segments[index]!;
        const started = stepEvents(own, 'step.started');
        const finished = stepEvents(own, 'step.finished');
        // Finished work is not redone: a resume starts only what no earlier process finished (and the always-run step).
        for (const event of started) {
          if (!ALWAYS.has(event.stepId))
            expect(finishedSoFar, `${event.stepId} re-run by process ${index + 1}`).not.toContain(event.stepId);
          expect(event.attempt, `attempt of ${event.stepId} in process ${index + 1}`).toBe((startedCount.get(event.stepId) ?? 0) + 1);
          startedCount.set(event.stepId, event.attempt);
        }
        for (const event of finished) {
          expect(event.status).toBe('done');
          finishedSoFar.add(event.stepId);
        }
        if (run === last) break;

        // The kill hit a running join, and the steps it interrupted run again next.
        expect(run.signal, `process ${index + 1}`).toBe('SIGKILL');
        expect(
          own.some((e) => e.type === 'run.finished'),
          `process ${index + 1} finished before its kill`,
        ).toBe(false);
        const interrupted = started.map((e) => e.stepId).filter((id) => !finished.some((f) => f.stepId === id));
        const point = KILL_POINTS.find((p) => p.id === run.point)!;
        if (point.mid) expect(interrupted, `${point.id} killed mid-step`).toContain(point.stepId);
        else expect(finished.map((e) => e.stepId)).toContain(point.stepId);
        const next = stepEvents(segments[index + 1]!, 'step.started').map((e) => e.stepId);
        expect(next).toEqual(expect.arrayContaining(interrupted));
      }

      // The uninterrupted join, and the state both left behind.
      const baseline = await baselineRun;
      expect(baseline.code, baseline.err).toBe(EXIT.ok);
      const [want, got] = await Promise.all([finalState(baselineDir), finalState(chainDir)]);
      expect(got.state.phase).toBe('succeeded');
      expect(Object.fromEntries(got.state.steps.map((s) => [s.id, s.attempts]))).toEqual(
        Object.fromEntries(STEPS.map((id) => [id, startedCount.get(id)])),
      );
      expect(got.final).toEqual(want.final);
    },
    TIMEOUT,
  );
});
