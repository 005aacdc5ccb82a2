#!/usr/bin/env node
// Download throughput and memory: a 512 MiB file over loopback HTTP with
// SHA-512 verified while streaming (WinJoin), against `curl -o` followed by
// `sha512sum` (what a script would do), in the same run and against the same
// server. Reports the time ratio (goal <= 1.0x) and WinJoin's peak RSS (goal
// < 150 MB) as a line and as JSON in bench/results/. Each side runs in its
// own process; the server runs in a third. WINJOIN_BENCH_MB overrides the
// size, WINJOIN_BENCH_ROUNDS the number of alternating rounds (median kept).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

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
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const result = await download({ url, dest, sha512, retries: 0 });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  process.stdout.write(JSON.stringify({ seconds, baseRss, peakRss, maxRss: process.resourceUsage().maxRSS * 1024, bytes: result.bytes }));
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

function curlThenSha(url, out) {
  const started = performance.now();
  const curl = spawnSync('curl', ['-sS', '--fail', '-o', out, url], { encoding: 'utf8' });
  if (curl.status !== 0) throw new Error(`curl failed: ${curl.stderr}`);
  const sum = spawnSync('sha512sum', [out], { encoding: 'utf8' });
  if (sum.status !== 0) throw new Error(`sha512sum failed: ${sum.stderr}`);
  return { seconds: (performance.now() - started) / 1000, digest: sum.stdout.split(/\s+/)[0] };
}

// The product ships esbuild bundles (dist/), so the measured process loads a bundle of the downloader, not tsx.
async function bundleDownloader(dir) {
  const outfile = path.join(dir, 'download.bundle.cjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, '..', 'electron', 'host', 'download', 'download.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return pathToFileURL(outfile).href;
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
  const rounds = Number(process.env.WINJOIN_BENCH_ROUNDS ?? 3);
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
  const bundle = await bundleDownloader(root);
  try {
    const url = `${server.origin}/big.bin`;
    const curlRuns = [];
    const ours = [];
    let digest = null;
    for (let round = 0; round < rounds; round++) {
      // Alternate who goes first so page-cache and CPU-frequency effects fall on both.
      const order = round % 2 === 0 ? ['curl', 'winjoin'] : ['winjoin', 'curl'];
      for (const who of order) {
        const out = path.join(root, `${who}.out`);
        if (who === 'curl') {
          const run = curlThenSha(url, out);
          digest ??= run.digest;
          if (run.digest !== digest) throw new Error('curl digests differ between rounds');
          curlRuns.push(run.seconds);
        } else {
          // The first round's curl run gives the digest; WinJoin must match it.
          digest ??= curlThenSha(url, out).digest;
          ours.push(winjoin(bundle, url, out, digest));
        }
        fs.rmSync(out, { force: true });
      }
    }
    const oursSeconds = median(ours.map((r) => r.seconds));
    const curlSeconds = median(curlRuns);
    const figures = {
      bench: 'download',
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      sizeMiB,
      rounds,
      winjoinSeconds: +oursSeconds.toFixed(3),
      curlPlusSha512sumSeconds: +curlSeconds.toFixed(3),
      ratio: +(oursSeconds / curlSeconds).toFixed(3),
      goalRatio: 1.0,
      winjoinMiBps: +(sizeMiB / oursSeconds).toFixed(1),
      curlPlusSha512sumMiBps: +(sizeMiB / curlSeconds).toFixed(1),
      peakRssMiB: +(Math.max(...ours.map((r) => r.peakRss)) / 1048576).toFixed(1),
      processMaxRssMiB: +(Math.max(...ours.map((r) => r.maxRss)) / 1048576).toFixed(1),
      rssBeforeMiB: +(ours[0].baseRss / 1048576).toFixed(1),
      goalPeakRssMiB: 150,
      allWinjoinSeconds: ours.map((r) => +r.seconds.toFixed(3)),
      allCurlSeconds: curlRuns.map((s) => +s.toFixed(3)),
    };
    const dir = path.join(import.meta.dirname, 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'download.json'), JSON.stringify(figures, null, 2) + '\n');
    console.log(
      `download: ${sizeMiB} MiB with SHA-512 in ${figures.winjoinSeconds} s (${figures.winjoinMiBps} MiB/s) vs curl -o + sha512sum ${figures.curlPlusSha512sumSeconds} s ` +
        `(${figures.curlPlusSha512sumMiBps} MiB/s): ratio ${figures.ratio}x (goal <= ${figures.goalRatio}x); ` +
        `peak RSS ${figures.peakRssMiB} MiB (sampled; process max ${figures.processMaxRssMiB} MiB; goal < ${figures.goalPeakRssMiB} MiB); median of ${rounds} rounds`,
    );
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
