#!/usr/bin/env node
// Support bundle from a large journal: a failed run whose kubelet step printed
// ~200 MB of output. Reports wall time and peak RSS (goal: < 150 MB, since the
// bundle streams and never holds the journal) as a line and as JSON in
// bench/results/. The export runs in a fresh process from an esbuild bundle of
// the bundle writer, as the product ships it (dist/), not through tsx, whose
// compiler would count against the bundle's memory; the RSS the export adds
// on top of the loaded process is reported too. WINJOIN_BENCH_MB overrides
// the journal size.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The export is measured in a fresh child process, so the memory spent
// generating the journal does not count against the bundle.
const [mode, childStateDir, childOut, childBundle] = process.argv.slice(2);
if (mode === '--export') {
  const { writeSupportBundle } = await import(childBundle);
  globalThis.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const started = performance.now();
  const result = await writeSupportBundle({ stateDir: childStateDir, out: childOut });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({ seconds, baseRss, peakRss, maxRss, bytes: result.bytes, truncated: result.truncated.map((t) => t.name) }),
  );
  process.exit(0);
}
// Loaded here, not at the top: the export's process must not carry them.
const { bundleForNode } = await import('./lib/node-bundle.mjs');
const { register } = await import('tsx/esm/api');
register();
const { writeFailedStateDir } = await import('../electron/host/bundle/testing/fixture.ts');

const targetMb = Number(process.env.WINJOIN_BENCH_MB ?? 200);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-bench-bundle-'));
const stateDir = path.join(root, 'state');
const out = path.join(root, 'bundle.zip');
const line = (i) =>
  `I0307 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String(i % 1e6).padStart(6, '0')}    4242 kubelet.go:${1000 + (i % 977)}] SyncLoop (PLEG): "win-webserver-${i % 97}", event: &pleg.PodLifecycleEvent{ID:"${(i * 2654435761) % 4294967296}"}`;

try {
  // ~265 bytes of journal per filler line.
  writeFailedStateDir(stateDir, { fillerLines: Math.round((targetMb * 1024 * 1024) / 265), fillerLine: line });
  const journalBytes = fs.statSync(path.join(stateDir, 'journal.jsonl')).size;
  const writer = await bundleForNode(
    path.join(import.meta.dirname, '..', 'electron', 'host', 'bundle', 'write-bundle.ts'),
    path.join(root, 'write-bundle.bundle.cjs'),
  );
  const child = spawnSync(process.execPath, ['--expose-gc', import.meta.filename, '--export', stateDir, out, writer], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`export failed: ${child.stderr}`);
  const { seconds, baseRss, peakRss, maxRss, bytes, truncated } = JSON.parse(child.stdout);
  const result = { bytes, truncated };

  const figures = {
    bench: 'bundle',
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    journalMiB: +(journalBytes / 1048576).toFixed(1),
    bundleMiB: +(result.bytes / 1048576).toFixed(2),
    truncated: result.truncated,
    seconds: +seconds.toFixed(2),
    throughputMiBps: +(journalBytes / 1048576 / seconds).toFixed(1),
    rssBeforeMiB: +(baseRss / 1048576).toFixed(1),
    peakRssMiB: +(peakRss / 1048576).toFixed(1),
    exportAddedRssMiB: +((peakRss - baseRss) / 1048576).toFixed(1),
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    processMaxRssMiB: +(maxRss / 1048576).toFixed(1),
    goalPeakRssMiB: 150,
  };
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify(figures, null, 2) + '\n');
  console.log(
    `bundle: ${figures.journalMiB} MiB journal -> ${figures.bundleMiB} MiB zip in ${figures.seconds} s (${figures.throughputMiBps} MiB/s); ` +
      `peak RSS ${figures.peakRssMiB} MiB (sampled; process max ${figures.processMaxRssMiB} MiB, ${figures.rssBeforeMiB} MiB before export, ` +
      `so the export added ${figures.exportAddedRssMiB} MiB; goal < ${figures.goalPeakRssMiB} MiB: ${figures.peakRssMiB < figures.goalPeakRssMiB ? 'ok' : 'MISSED'}); ` +
      `load average ${figures.loadAverage.join(' ')}`,
  );
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
