#!/usr/bin/env node
// Download throughput and memory: a 512 MiB file over loopback HTTP with
// SHA-512 verified while streaming (WinJoin), against `curl -o` followed by
// `sha512sum` (what a script would do), in the same run and against the same
// server. Reports the time ratio (goal <= 1.0x) and WinJoin's peak RSS (goal
// < 150 MB) as a line and as JSON in bench/results/. Each side runs in its
// own process; the server runs in a third. WINJOIN_BENCH_MB overrides the
// size, WINJOIN_BENCH_ROUNDS the number of alternating rounds (default 5;
// median and worst kept). Besides wall time, the CPU time each side spent
// (WinJoin's process; curl's and sha512sum's) is reported, which a busy
// machine moves far less. WINJOIN_BENCH_COMPARE=DIR also runs the downloader
// of another checkout (say main) in the same rounds.
// Durability, on both sides: nothing is fsynced. curl -o does not fsync, and
// WinJoin's part file is not fsynced either: a file is trusted only after its
// SHA-512 matches (before the rename onto dest, and again when a later run
// finds it there), so a crash can cost a download again, never a wrong file.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleForNode } from './lib/node-bundle.mjs';

const [mode, ...args] = process.argv.slice(2);

if (mode === '--serve') {
  const { register } = await import('tsx/esm/api');
  register();
  const { startFileServer } = await import('../electron/host/testing/file-server.ts');
  const server = await startFileServer();
  server.files.set('/big.bin', { body: { path: args[0] } });
  process.stdout.write(`${server.origin}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => server.close().then(() => process.exit(0)));
} else if (mode === '--download') {
  const [bundle, url, dest, sha512] = args;
  const { download } = await import(bundle);
  globalThis.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  // process.memoryUsage() also walks the heap, which cost the measured process ~0.3 s of CPU per run; rss() does not.
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const result = await download({ url, dest, sha512, retries: 0 });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      baseRss,
      peakRss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      bytes: result.bytes,
    }),
  );
  process.exit(0);
} else {
  await main();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function startServer(file) {
  const child = spawn(process.execPath, [import.meta.filename, '--serve', file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const origin = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { origin, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.stdin.end())) };
}

/** `curl -o` then `sha512sum`, in one shell whose `times` gives the two's CPU time. */
function curlThenSha(url, out) {
  const started = performance.now();
  const run = spawnSync('bash', ['-c', 'curl -sS --fail -o "$2" "$1" && sha512sum "$2" && times', 'bench', url, out], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`curl -o + sha512sum failed: ${run.stderr}`);
  const [sumLine, , children] = run.stdout.trim().split('\n');
  // `times`: the shell's user and system time, then its children's, as 0m1.234s.
  const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((total, m) => total + Number(m[1]) * 60 + Number(m[2]), 0);
  return { seconds, cpuSeconds, digest: sumLine.split(/\s+/)[0] };
}

/** The downloader of a checkout (this one unless told), bundled as the product ships it. */
function bundleDownloader(dir, checkout = path.join(import.meta.dirname, '..'), name = 'download') {
  return bundleForNode(path.join(checkout, 'electron', 'host', 'download', 'download.ts'), path.join(dir, `${name}.bundle.cjs`));
}

function winjoin(bundle, url, out, digest) {
  const child = spawnSync(process.execPath, ['--expose-gc', import.meta.filename, '--download', bundle, url, out, digest], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`winjoin download failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

async function main() {
  const sizeMiB = Number(process.env.WINJOIN_BENCH_MB ?? 512);
  const rounds = Number(process.env.WINJOIN_BENCH_ROUNDS ?? 5);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-bench-dl-'));
  const source = path.join(root, 'big.bin');
  const fd = fs.openSync(source, 'w');
  const block = randomBytes(1 << 20);
  for (let i = 0; i < sizeMiB; i++) {
    // Vary every MiB so nothing along the way can shortcut repeated content.
    block.writeUInt32LE(i, 0);
    fs.writeSync(fd, block);
  }
  fs.closeSync(fd);
  const server = await startServer(source);
  const contestants = { winjoin: await bundleDownloader(root) };
  if (process.env.WINJOIN_BENCH_COMPARE)
    contestants.compared = await bundleDownloader(root, path.resolve(process.env.WINJOIN_BENCH_COMPARE), 'compared');
  try {
    const url = `${server.origin}/big.bin`;
    const runs = { curl: [], ...Object.fromEntries(Object.keys(contestants).map((who) => [who, []])) };
    // The digest comes from curl + sha512sum before any round; every WinJoin run must verify against it.
    const digest = curlThenSha(url, path.join(root, 'first.out')).digest;
    fs.rmSync(path.join(root, 'first.out'), { force: true });
    const names = Object.keys(runs);
    for (let round = 0; round < rounds; round++) {
      // Rotate who goes first so page-cache and CPU-frequency effects fall on each.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const who of order) {
        const out = path.join(root, `${who}.out`);
        if (who === 'curl') {
          const run = curlThenSha(url, out);
          if (run.digest !== digest) throw new Error('curl digests differ between rounds');
          runs.curl.push(run);
        } else runs[who].push(winjoin(contestants[who], url, out, digest));
        fs.rmSync(out, { force: true });
      }
    }
    const seconds = (who, pick) => +pick(runs[who].map((r) => r.seconds)).toFixed(3);
    const cpu = (who) => +median(runs[who].map((r) => r.cpuSeconds)).toFixed(3);
    const ours = runs.winjoin;
    const figures = {
      bench: 'download',
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
      sizeMiB,
      rounds,
      durability: 'nothing fsynced on either side; WinJoin trusts a file only after its SHA-512 matches',
      winjoinSeconds: seconds('winjoin', median),
      curlPlusSha512sumSeconds: seconds('curl', median),
      ratio: +(median(ours.map((r) => r.seconds)) / median(runs.curl.map((r) => r.seconds))).toFixed(3),
      worstWinjoinSeconds: seconds('winjoin', (v) => Math.max(...v)),
      worstCurlPlusSha512sumSeconds: seconds('curl', (v) => Math.max(...v)),
      goalRatio: 1.0,
      winjoinCpuSeconds: cpu('winjoin'),
      curlPlusSha512sumCpuSeconds: cpu('curl'),
      cpuRatio: +(cpu('winjoin') / cpu('curl')).toFixed(3),
      winjoinMiBps: +(sizeMiB / median(ours.map((r) => r.seconds))).toFixed(1),
      curlPlusSha512sumMiBps: +(sizeMiB / median(runs.curl.map((r) => r.seconds))).toFixed(1),
      peakRssMiB: +(Math.max(...ours.map((r) => r.peakRss)) / 1048576).toFixed(1),
      processMaxRssMiB: +(Math.max(...ours.map((r) => r.maxRss)) / 1048576).toFixed(1),
      rssBeforeMiB: +(ours[0].baseRss / 1048576).toFixed(1),
      goalPeakRssMiB: 150,
      allWinjoinSeconds: ours.map((r) => +r.seconds.toFixed(3)),
      allCurlSeconds: runs.curl.map((r) => +r.seconds.toFixed(3)),
      ...(runs.compared && {
        compared: process.env.WINJOIN_BENCH_COMPARE,
        comparedSeconds: seconds('compared', median),
        comparedCpuSeconds: cpu('compared'),
        allComparedSeconds: runs.compared.map((r) => +r.seconds.toFixed(3)),
      }),
    };
    const dir = path.join(import.meta.dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'download.json'), JSON.stringify(figures, null, 2) + '\n');
    console.log(
      `download: ${sizeMiB} MiB with SHA-512 in ${figures.winjoinSeconds} s (worst ${figures.worstWinjoinSeconds}) vs curl -o + sha512sum ` +
        `${figures.curlPlusSha512sumSeconds} s (worst ${figures.worstCurlPlusSha512sumSeconds}): ratio ${figures.ratio}x ` +
        `(goal <= ${figures.goalRatio}x: ${figures.ratio <= figures.goalRatio ? 'ok' : 'MISSED'}); CPU ${figures.winjoinCpuSeconds} s vs ` +
        `${figures.curlPlusSha512sumCpuSeconds} s (${figures.cpuRatio}x); peak RSS ${figures.peakRssMiB} MiB (sampled; process max ` +
        `${figures.processMaxRssMiB} MiB; goal < ${figures.goalPeakRssMiB} MiB); median of ${rounds} alternating rounds; ` +
        `nothing fsynced on either side (a file is trusted only once its SHA-512 matches); load average ${figures.loadAverage.join(' ')}` +
        (runs.compared ? `; ${figures.compared}: ${figures.comparedSeconds} s, CPU ${figures.comparedCpuSeconds} s` : ''),
    );
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
