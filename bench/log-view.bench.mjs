#!/usr/bin/env node
// The Join page's log view under a flood: a stand-in kubelet step prints
// 1,000,000 lines while the page is open in Chromium. Reports the time from
// join:start until the view shows the last line (goal <= 10 s), the renderer's
// JS heap afterwards (CDP Runtime.getHeapUsage after a GC, goal <= 150 MB) and
// the longest main-thread task during the flood (PerformanceObserver
// 'longtask', goal: none over 200 ms). Figures go to bench/results/log-view.json
// and one readable line. Benchmarks report; they fail only if the page breaks.
// WINJOIN_BENCH_LINES overrides the line count.
/* global window, document -- the functions passed to page.evaluate and addInitScript run in the page. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { register } from 'tsx/esm/api';

register();
const { startPreview } = await import('../electron/preview/main.ts');
const { fakeRecipe, fakeStep } = await import('../electron/join/testing/fake-steps.ts');
const { exampleAnswers } = await import('../shared/answers.ts');

const LINES = Number(process.env.WINJOIN_BENCH_LINES ?? 1_000_000);
const root = path.resolve(import.meta.dirname, '..');
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-bench-logview-'));
const lastLine = `flood line ${LINES - 1}`;

/** kubelet-like lines, yielding every 10,000 so the journal can flush batches to the page as a real step's output would arrive. */
const floodExecutor = async ({ step, emit }) => {
  for (let i = 0; i < LINES; i++) {
    emit({
      type: 'step.output',
      stepId: step.id,
      stream: 'stdout',
      line: `I0501 10:00:00.000000 4242 kubelet.go:1850] SyncLoop (PLEG) flood line ${i}`,
    });
    if (i % 10_000 === 9_999) await new Promise((resolve) => setImmediate(resolve));
  }
  return { status: 'done', exitCode: 0, changed: true };
};

const deps = {
  recipe: fakeRecipe([fakeStep('kubelet', [])]),
  executor: () => floodExecutor,
  inspectKubeconfig: async (p) => ({ path: p, usable: true, contexts: [], currentContext: null, server: null, findings: [] }),
  rehearsalScenarios: [],
  version: '0.0.0-bench',
};

const preview = await startPreview({ port: 0, stateDir, rehearsal: null }, { root, deps });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-precise-memory-info'],
});
let result;
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  await page.addInitScript(() => {
    window.__longest = 0;
    window.__longCount = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longest = Math.max(window.__longest, entry.duration);
        window.__longCount++;
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${preview.server.url}#/join`);
  await page.getByText('No join has started yet.').waitFor();
  // Long tasks of loading the page are not the flood's.
  await page.evaluate(() => ((window.__longest = 0), (window.__longCount = 0)));

  const started = Date.now();
  await page.evaluate(async (answers) => {
    const response = await fetch('ipc/join%3Astart', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers }),
    });
    const envelope = await response.json();
    if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
  }, exampleAnswers());
  // When the engine has written every line (journal on disk, batches sent), to tell its share from the renderer's.
  let engineSeconds = null;
  const engineDone = (async () => {
    for (;;) {
      const response = await fetch(`${preview.server.url}ipc/journal%3Aread`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ afterSeq: LINES + 1, limit: 1 }),
      });
      const envelope = await response.json();
      if (envelope.ok && envelope.result.events.length > 0) return (engineSeconds = (Date.now() - started) / 1000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  await page.getByRole('log').getByText(lastLine, { exact: false }).waitFor({ timeout: 180_000 });
  await engineDone;
  const lastLineSeconds = (Date.now() - started) / 1000;
  // Let the final batches and the step's end settle before measuring what stays.
  await page.getByText('The join finished successfully.').waitFor({ timeout: 60_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const { longest, longCount, shown } = await page.evaluate(() => ({
    longest: window.__longest,
    longCount: window.__longCount,
    shown: document.querySelector('.log + p, .log p.hint:last-child')?.textContent ?? '',
  }));
  result = {
    lines: LINES,
    lastLineSeconds,
    engineSeconds,
    heapUsedMB: Math.round((heap.usedSize / 1024 / 1024) * 10) / 10,
    longestTaskMs: Math.round(longest),
    longTasks: longCount,
    shown,
    goals: { lastLineSeconds: 10, heapUsedMB: 150, longestTaskMs: 200 },
  };
} finally {
  await browser.close();
  await preview.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
}

fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'log-view.json'), JSON.stringify(result, null, 2) + '\n');
const mark = (ok) => (ok ? 'ok' : 'MISSED');
console.log(
  `log view, ${LINES.toLocaleString('en')} lines: last line shown after ${result.lastLineSeconds.toFixed(1)} s (${mark(result.lastLineSeconds <= 10)}; engine wrote it at ${result.engineSeconds?.toFixed(1)} s), ` +
    `heap ${result.heapUsedMB} MB (${mark(result.heapUsedMB <= 150)}), longest task ${result.longestTaskMs} ms over ${result.longTasks} long tasks (${mark(result.longestTaskMs <= 200)}); ${result.shown}`,
);
