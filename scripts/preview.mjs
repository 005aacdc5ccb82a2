#!/usr/bin/env node
// `npm run preview -- (--rehearsal [--scenario NAME] | --real-join) [--port N --state-dir DIR]`:
// the wizard in a browser over the same engine, run from source with tsx's
// loader (node itself, so Ctrl+C reaches the preview directly).
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron', 'preview', 'main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
