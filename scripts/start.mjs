#!/usr/bin/env node
// `npm start`: builds, then runs the wizard in Electron when its binary is
// installed. Without one (ELECTRON_SKIP_BINARY_DOWNLOAD=1, as in CI and this
// repository's dev containers) it says so and how to open the same wizard in
// a browser instead, and exits 0: a missing binary is expected, not an error.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The electron package exports the binary's path, and throws when it was never downloaded.
function electronPath() {
  try {
    return require('electron');
  } catch {
    return null;
  }
}
const electronBinary = electronPath();

if (typeof electronBinary !== 'string') {
  console.log(
    [
      '',
      'No Electron binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD was set when the packages were installed),',
      'so the desktop window cannot open here. The same wizard runs in a browser against the rehearsal host',
      '(a simulated Windows machine and cluster; nothing on this machine changes):',
      '',
      '    npm run preview -- --rehearsal',
      '',
      'To get the desktop app instead, unset ELECTRON_SKIP_BINARY_DOWNLOAD and run: node node_modules/electron/install.js (needs the internet).',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const child = spawn(electronBinary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
