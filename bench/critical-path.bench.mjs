#!/usr/bin/env node
// Join wall time against the plan's critical path: for every recipe the
// answer file accepts (shared/answers.ts RECIPES), the `happy` rehearsal
// (SIMULATED host and cluster; the real engine, step scripts under pwsh and
// downloader) runs through the real `winjoin join` CLI in a child process.
// From its journal the bench takes each step's duration (step.finished
// durationMs) and the run's wall time (run.started -> run.finished), and
// from its plan the DAG (`needs`; an `always` step runs after all others).
// The critical path is the longest chain of step durations through that
// DAG: what the join would take if everything that can overlap did.
// Reports wall / critical path (goal <= 1.1x) per recipe, median and worst of
// WINJOIN_BENCH_ROUNDS (default 3) rounds, the recipes alternating within
// each round, as a line per recipe and as bench/results/critical-path.json.
// Benchmarks report; this one fails only if a join fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { RECIPES, exampleAnswers } = await import('../shared/answers.ts');
const { criticalPath } = await import('./lib/critical-path.mjs');

const ROUNDS = Number(process.env.WINJOIN_BENCH_ROUNDS ?? 3);
const GOAL = 1.1;
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'electron', 'cli', 'winjoin.ts');

function readJournal(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

function joinOnce(recipe, dir) {
  const stateDir = path.join(dir, `state-${recipe}`);
  const answers = path.join(dir, `answers-${recipe}.json`);
  fs.writeFileSync(answers, JSON.stringify(exampleAnswers(recipe), null, 2));
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', cli, 'join', '--answers', answers, '--rehearsal', '--scenario', 'happy', '--state-dir', stateDir],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (child.status !== 0)
    throw new Error(`the happy ${recipe} join exited ${child.status}:\n${child.stderr}\n${child.stdout.slice(-4000)}`);
  const state = JSON.parse(fs.readFileSync(path.join(stateDir, 'state.json'), 'utf8'));
  const events = readJournal(path.join(stateDir, 'journal.jsonl'));
  fs.rmSync(stateDir, { recursive: true, force: true });
  const started = events.find((e) => e.type === 'run.started');
  const finished = events.findLast((e) => e.type === 'run.finished');
  const durations = {};
  for (const e of events) if (e.type === 'step.finished') durations[e.stepId] = e.durationMs;
  const wallMs = Date.parse(finished.ts) - Date.parse(started.ts);
  const path_ = criticalPath(state.plan.steps, durations);
  const busyMs = Object.values(durations).reduce((a, b) => a + b, 0);
  return { wallMs, criticalMs: path_.ms, ratio: wallMs / path_.ms, path: path_.steps, sumOfStepsMs: busyMs, durations };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const worst = (values) => Math.max(...values);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-bench-critical-'));
const runs = Object.fromEntries(RECIPES.map((r) => [r, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which recipe goes first, so the machine's drift falls on each.
    const order = round % 2 === 0 ? [...RECIPES] : [...RECIPES].reverse();
    for (const recipe of order) {
      const run = joinOnce(recipe, dir);
      runs[recipe].push(run);
      console.log(
        `  round ${round + 1}, ${recipe}: wall ${(run.wallMs / 1000).toFixed(1)} s, critical path ${(run.criticalMs / 1000).toFixed(1)} s ` +
          `(${run.path.join(' -> ')}), ratio ${run.ratio.toFixed(3)}; steps' durations sum to ${(run.sumOfStepsMs / 1000).toFixed(1)} s`,
      );
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const figures = {
  bench: 'critical-path',
  scenario: 'happy',
  simulated: true,
  at: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
  rounds: ROUNDS,
  goalRatio: GOAL,
  recipes: Object.fromEntries(
    Object.entries(runs).map(([recipe, list]) => [
      recipe,
      {
        medianRatio: +median(list.map((r) => r.ratio)).toFixed(3),
        worstRatio: +worst(list.map((r) => r.ratio)).toFixed(3),
        medianWallSeconds: +(median(list.map((r) => r.wallMs)) / 1000).toFixed(2),
        medianCriticalPathSeconds: +(median(list.map((r) => r.criticalMs)) / 1000).toFixed(2),
        runs: list,
      },
    ]),
  ),
};
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'critical-path.json'), JSON.stringify(figures, null, 2) + '\n');
for (const [recipe, f] of Object.entries(figures.recipes)) {
  console.log(
    `critical path, recipe ${recipe}, rehearsal happy (SIMULATED), median of ${ROUNDS}: wall ${f.medianWallSeconds} s vs critical path ` +
      `${f.medianCriticalPathSeconds} s: ratio ${f.medianRatio}x (worst ${f.worstRatio}x; goal <= ${GOAL}x: ${f.medianRatio <= GOAL ? 'ok' : 'MISSED'}); ` +
      `load average ${figures.loadAverage.join(' ')}`,
  );
}
