#!/usr/bin/env node
// `npm start`: builds, then runs the wizard in Electron when its binary is
// installed. Since Electron 42 `npm ci` no longer downloads that binary (the
// electron package fetches it on first use instead); where none was fetched,
// as in CI and this repository's dev containers, it says so and how to open
// the same wizard in a browser, and exits 0: a missing binary is expected.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Not require('electron'): since Electron 42 that starts a download from the
// internet when the binary is missing. path.txt, written by its installer,
// names the executable inside node_modules/electron/dist.
function electronPath() {
  const pkg = path.join(root, 'node_modules', 'electron');
  try {
    const binary = path.join(pkg, 'dist', fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim());
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
const electronBinary = electronPath();

if (typeof electronBinary !== 'string') {
  console.log(
    [
      '',
      'No Electron binary is installed (npm ci does not download it since Electron 42),',
      'so the desktop window cannot open here. The same wizard runs in a browser against the rehearsal host',
      '(a simulated Windows machine and cluster; nothing on this machine changes):',
      '',
      '    npm run preview -- --rehearsal',
      '',
      'To get the desktop app instead, run: npx install-electron --no (downloads the binary; needs the internet).',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const child = spawn(electronBinary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
