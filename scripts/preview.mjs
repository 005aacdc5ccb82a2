#!/usr/bin/env node
// `npm run preview -- (--rehearsal [--scenario NAME] [--recipe RECIPE] | --real-join) [--port N --state-dir DIR]`:
// the wizard in a browser over the same engine, run from source with tsx's
// loader (node itself, so Ctrl+C reaches the preview directly), on the Node.js
// Electron embeds (scripts/shipped-node.mjs).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runOnShippedNode } from './shipped-node.mjs';

runOnShippedNode(import.meta.filename);

const root = path.resolve(import.meta.dirname, '..');
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron', 'preview', 'main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
