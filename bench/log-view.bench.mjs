#!/usr/bin/env node
// The Join page's log view under the `log-flood` rehearsal (SIMULATED: the
// real engine, step scripts under pwsh and downloader against the simulated
// Windows host and cluster; its stand-in kubelet prints 1,000,000 lines to its
// service log once the node is Ready, and WinJoin follows that log into the
// live log). The wizard is open in Chromium on the Join page throughout.
//
// Reports, as one line and as bench/results/log-view.json:
// - lagSeconds: from the moment the flood's last line is in the kubelet's log
//   file until the log view shows it (goal <= 1 s), broken down as
//   file -> journal (WinJoin's engine: follower, relay, journal) and
//   journal -> screen (event fan-out, preview bridge, renderer), so a
//   regression names its layer; also from the flood's start (the kubelet log
//   grows past its first flood chunk), which includes the writer's own time;
// - heapUsedMB: the renderer's JS heap after a GC once the join has finished
//   (CDP Runtime.getHeapUsage; goal <= 150 MB);
// - longestTaskMs: the longest main-thread task (PerformanceObserver
//   'longtask') from the flood's start until the last line is shown
//   (goal: none over 200 ms);
// - CPU seconds over the same span, which a busy machine moves far less than
//   the lags: engineCpuSeconds is this process's (the engine, the preview
//   bridge, Playwright's client and the bench's watcher thread; the stand-in
//   kubelet runs in a process of its own), pageTaskSeconds the page's
//   main-thread tasks (CDP Performance.getMetrics TaskDuration).
// Each round is a fresh join on a fresh state directory; WINJOIN_BENCH_ROUNDS
// (default 5) rounds run, and the figures are reported as median and worst,
// since the machine's other work moves them by a second or two.
// WINJOIN_BENCH_PROFILE=DIR writes, for each round, a CPU profile of this
// process (the engine and the preview bridge) and one of the page, both over
// the flood (from its start until the last line is shown): open them in
// Chrome DevTools' Performance panel or summarise them with
// bench/profile-summary.mjs.
// Benchmarks report; this one fails only if the join or the page breaks.
/* global window -- the functions passed to page.evaluate and addInitScript run in the page. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import { chromium } from 'playwright-core';
import { register } from 'tsx/esm/api';

register();
const { startPreview } = await import('../electron/preview/main.ts');
const { defaultDeps } = await import('../electron/service/default-deps.ts');
const { exampleAnswers } = await import('../shared/answers.ts');
const { scenarioFaults } = await import('../electron/host/rehearsal/scenarios.ts');
const { SERVICE_LOGS, STATE_FILES } = await import('../electron/join/state-dir.ts');
const { PREVIEW_TOKEN_HEADER } = await import('../shared/ipc/preview-token.ts');

const SCENARIO = 'log-flood';
const LINES = scenarioFaults(SCENARIO).kubeletLogLines;
/** The stand-in kubelet's last flood line ends like this (see electron/host/rehearsal/standins/kubelet.mjs). */
const lastLine = `SyncLoop (housekeeping) ${LINES}`;
/** The flood is written in 10,000-line chunks of ~900 KB; the kubelet's log before it is a few lines. */
const FLOOD_STARTED_BYTES = 256 * 1024;

const ROUNDS = Number(process.env.WINJOIN_BENCH_ROUNDS ?? 5);
const PROFILE_DIR = process.env.WINJOIN_BENCH_PROFILE ? path.resolve(process.env.WINJOIN_BENCH_PROFILE) : null;
const root = path.resolve(import.meta.dirname, '..');

/**
 * Watches when the flood starts, when its last line is in the kubelet's log,
 * and when WinJoin has journaled it (what is left after that is the
 * transport's and the renderer's share), from a thread of its own
 * (bench/lib/watch-flood-thread.mjs).
 */
function watchFlood(kubeletLog, journal) {
  const marks = { floodStarted: null, lastLineWritten: null, lastLineJournaled: null };
  const worker = new Worker(new URL('./lib/watch-flood-thread.mjs', import.meta.url), {
    workerData: { kubeletLog, journal, lastLine, floodStartedBytes: FLOOD_STARTED_BYTES },
  });
  const listeners = [];
  worker.on('message', ({ mark, at }) => {
    marks[mark] = at;
    for (const listener of listeners) listener(mark, at);
  });
  return { marks, onMark: (listener) => listeners.push(listener), stop: () => worker.terminate() };
}

/** Starts the profiles at most once, and stops them only if they were started. */
function startProfilesOnce(begin) {
  let running = null;
  return {
    start: () => (running ??= begin()),
    stop: async () => {
      if (running) await (await running)();
    },
  };
}

/** CPU profiles of this process (engine + bridge) and of the page over the flood, when WINJOIN_BENCH_PROFILE is set. */
async function startProfiles(page, roundNo) {
  const engine = new Session();
  engine.connect();
  await engine.post('Profiler.enable');
  await engine.post('Profiler.setSamplingInterval', { interval: 500 });
  await engine.post('Profiler.start');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async () => {
    fs.mkdirSync(PROFILE_DIR, { recursive: true });
    const { profile: engineProfile } = await engine.post('Profiler.stop');
    fs.writeFileSync(path.join(PROFILE_DIR, `engine-${roundNo}.cpuprofile`), JSON.stringify(engineProfile));
    engine.disconnect();
    const { profile: pageProfile } = await cdp.send('Profiler.stop');
    fs.writeFileSync(path.join(PROFILE_DIR, `page-${roundNo}.cpuprofile`), JSON.stringify(pageProfile));
  };
}

async function round(roundNo) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-bench-logview-'));
  const kubeletLog = path.join(stateDir, STATE_FILES.logs, SERVICE_LOGS.kubelet);
  const journal = path.join(stateDir, STATE_FILES.journal);
  const preview = await startPreview({ port: 0, stateDir, rehearsal: { scenario: SCENARIO } }, { root, deps: defaultDeps() });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-precise-memory-info'],
  });
  const flood = watchFlood(kubeletLog, journal);
  let result;
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    await page.addInitScript(() => {
      // Wall-clock start and length of every long task, so the bench can keep those of the flood.
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push([performance.timeOrigin + entry.startTime, entry.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${preview.server.url}#/join`);
    await page.getByText('No join has started yet.').waitFor();

    const joinStarted = Date.now();
    // The preview answers only calls that carry its session token, as the page's own bridge sends it, and
    // takes only a kubeconfig chosen in the session: the simulated cluster's, as its button on the page offers.
    await page.evaluate(
      async ({ answers, token, header }) => {
        const call = async (channel, payload) => {
          const response = await fetch(`ipc/${encodeURIComponent(channel)}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', [header]: token },
            body: JSON.stringify(payload),
          });
          const envelope = await response.json();
          if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
          return envelope.result;
        };
        const info = await call('app:info', {});
        await call('join:start', {
          answers: { ...answers, cluster: { ...answers.cluster, kubeconfigPath: info.rehearsal.kubeconfigPath } },
        });
      },
      { answers: exampleAnswers(), token: preview.server.token, header: PREVIEW_TOKEN_HEADER },
    );
    // CPU spent over the flood: this process's, and the page's main thread's, from the flood's start.
    const pageMetrics = await page.context().newCDPSession(page);
    await pageMetrics.send('Performance.enable');
    const pageTaskSeconds = async () =>
      (await pageMetrics.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
    const cpuAtFlood = { engine: null, page: null };
    flood.onMark((mark) => {
      if (mark !== 'floodStarted') return;
      cpuAtFlood.engine = process.cpuUsage();
      void pageTaskSeconds().then((seconds) => (cpuAtFlood.page = seconds));
    });
    let stopProfiles = null;
    if (PROFILE_DIR) {
      const started = startProfilesOnce(() => startProfiles(page, roundNo));
      flood.onMark((mark) => mark === 'floodStarted' && started.start());
      stopProfiles = () => started.stop();
    }
    await page.getByRole('log').getByText(lastLine, { exact: false }).waitFor({ timeout: 600_000 });
    const shownAt = Date.now();
    const engineCpu = cpuAtFlood.engine ? process.cpuUsage(cpuAtFlood.engine) : null;
    const pageTasks = cpuAtFlood.page === null ? null : (await pageTaskSeconds()) - cpuAtFlood.page;
    await stopProfiles?.();
    const { floodStarted, lastLineWritten, lastLineJournaled } = flood.marks;
    if (floodStarted === null || lastLineWritten === null)
      throw new Error('the log view showed the last line before the bench saw it written');
    const lag = (shownAt - lastLineWritten) / 1000;
    console.log(
      `  round ${roundNo}: last line in the file ${((lastLineWritten - floodStarted) / 1000).toFixed(2)} s after the flood began, ` +
        `journaled +${lastLineJournaled === null ? '?' : ((lastLineJournaled - lastLineWritten) / 1000).toFixed(2)} s, shown +${lag.toFixed(2)} s`,
    );
    // The outcome as the page's status says it (the log also shows the run's end, with a time before it).
    const outcome = page.getByText(/^(The join finished successfully\.|The join stopped at a failed step\.)$/);
    await outcome.waitFor({ timeout: 600_000 });
    if (!(await page.getByText('The join finished successfully.', { exact: true }).isVisible())) {
      const state = JSON.parse(fs.readFileSync(path.join(stateDir, STATE_FILES.state), 'utf8'));
      const failed = state.steps.filter((s) => s.status === 'failed').map((s) => `${s.id}: ${s.error?.code} ${s.error?.message}`);
      throw new Error(`the join failed: ${failed.join('; ')}`);
    }
    const joinSeconds = (Date.now() - joinStarted) / 1000;

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const longTasks = (await page.evaluate(() => window.__longTasks)).filter(([start]) => start >= floodStarted && start <= shownAt);
    const journalBytes = fs.statSync(journal).size;
    result = {
      lagSeconds: (shownAt - lastLineWritten) / 1000,
      fileToJournalSeconds: lastLineJournaled === null ? null : (lastLineJournaled - lastLineWritten) / 1000,
      journalToScreenSeconds: lastLineJournaled === null ? null : (shownAt - lastLineJournaled) / 1000,
      lastLineSeconds: (shownAt - floodStarted) / 1000,
      floodWriteSeconds: (lastLineWritten - floodStarted) / 1000,
      joinSeconds,
      heapUsedMB: Math.round((heap.usedSize / 1024 / 1024) * 10) / 10,
      longestTaskMs: Math.round(Math.max(0, ...longTasks.map(([, duration]) => duration))),
      longTasks: longTasks.length,
      engineCpuSeconds: engineCpu ? Math.round((engineCpu.user + engineCpu.system) / 1e4) / 100 : null,
      pageTaskSeconds: pageTasks === null ? null : Math.round(pageTasks * 100) / 100,
      journalMB: Math.round((journalBytes / 1024 / 1024) * 10) / 10,
    };
  } finally {
    flood.stop();
    await browser.close();
    await preview.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
  return result;
}

const rounds = [];
for (let i = 0; i < ROUNDS; i++) {
  rounds.push(await round(i + 1));
  const r = rounds.at(-1);
  console.log(
    `  round ${i + 1}: shown ${r.lagSeconds.toFixed(2)} s after written (${r.lastLineSeconds.toFixed(1)} s after the flood began), ` +
      `heap ${r.heapUsedMB} MB, longest task ${r.longestTaskMs} ms, CPU over the flood: engine process ${r.engineCpuSeconds} s, ` +
      `page tasks ${r.pageTaskSeconds} s; whole join ${r.joinSeconds.toFixed(0)} s; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
}
const sorted = (key) => rounds.map((r) => r[key] ?? NaN).sort((a, b) => a - b);
const median = (key) => sorted(key)[Math.floor((rounds.length - 1) / 2)];
const worst = (key) => sorted(key).at(-1);
const KEYS = [
  'lagSeconds',
  'fileToJournalSeconds',
  'journalToScreenSeconds',
  'lastLineSeconds',
  'floodWriteSeconds',
  'heapUsedMB',
  'longestTaskMs',
  'engineCpuSeconds',
  'pageTaskSeconds',
];
const result = {
  scenario: SCENARIO,
  simulated: true,
  lines: LINES,
  at: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
  rounds,
  median: Object.fromEntries(KEYS.map((k) => [k, median(k)])),
  worst: Object.fromEntries(KEYS.map((k) => [k, worst(k)])),
  goals: { lagSeconds: 1, heapUsedMB: 150, longestTaskMs: 200 },
};
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'log-view.json'), JSON.stringify(result, null, 2) + '\n');
const mark = (ok) => (ok ? 'ok' : 'MISSED');
const figure = (key, unit, digits) =>
  `${result.median[key].toFixed(digits)} ${unit} (worst ${result.worst[key].toFixed(digits)}; ${mark(result.median[key] <= result.goals[key])})`;
console.log(
  `log view, rehearsal ${SCENARIO} (SIMULATED), ${LINES.toLocaleString('en')} kubelet lines, median of ${ROUNDS}: ` +
    `last line shown ${figure('lagSeconds', 's', 2)} after it was written ` +
    `(file -> journal ${result.median.fileToJournalSeconds.toFixed(2)} s, journal -> screen ${result.median.journalToScreenSeconds.toFixed(2)} s; ` +
    `${result.median.lastLineSeconds.toFixed(1)} s after the flood began, the writer taking ${result.median.floodWriteSeconds.toFixed(1)} s), ` +
    `heap ${figure('heapUsedMB', 'MB', 1)}, longest task ${figure('longestTaskMs', 'ms', 0)} (goals: <= 1 s, <= 150 MB, <= 200 ms); ` +
    `CPU over the flood: engine process ${result.median.engineCpuSeconds} s, page tasks ${result.median.pageTaskSeconds} s; ` +
    `whole join ${median('joinSeconds').toFixed(0)} s, journal ${rounds[0].journalMB} MB; load average ${result.loadAverage.join(' ')}`,
);
