#!/usr/bin/env node
// `npm run bench`: runs every benchmark in bench/ one after another (they
// measure time and memory, so never in parallel) and prints their figures.
// Results land in bench/results/ as JSON. Benchmarks report; they do not fail
// on a slow figure, only when the measured code itself fails. They run on the
// Node.js Electron embeds, like the tests (scripts/shipped-node.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runOnShippedNode } from './shipped-node.mjs';

runOnShippedNode(import.meta.filename);

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, 'bench');
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(benchDir)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
fs.mkdirSync(path.join(benchDir, 'results'), { recursive: true });
let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file}`);
  const args = file.endsWith('.ts') ? ['--import', 'tsx', path.join(benchDir, file)] : [path.join(benchDir, file)];
  const child = spawnSync(process.execPath, ['--expose-gc', ...args], { stdio: 'inherit', cwd: root });
  if (child.status !== 0) failed++;
}
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed; figures in bench/results/`);
process.exit(failed ? 1 : 0);
