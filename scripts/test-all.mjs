#!/usr/bin/env node
// `npm test`: every suite WinJoin has, in the order that fails fastest.
// It first installs what the suites need beyond npm packages (idempotent),
// builds, then runs static checks, the Node suites (vitest), the Windows
// PowerShell 5.1 compatibility check, the PowerShell suites (Pester on real pwsh), the end-to-end suites (Playwright in Debian's
// Chromium) and the security scan, and ends with one line:
// "Total: N passed, N failed" (the PowerShell suites run beside Playwright).
// Any failure makes the exit code non-zero.
// Everything runs on the Node.js Electron embeds (scripts/shipped-node.mjs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runOnShippedNode } from './shipped-node.mjs';

const runtime = runOnShippedNode(import.meta.filename);
const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
console.log(
  `Node.js ${process.version} (${path.relative(root, runtime.binary)}), the Node ${runtime.embeddedMajor} line Electron ${runtime.electronVersion} embeds`,
);
const env = {
  ...process.env,
  // pwsh would otherwise report each start to Microsoft: tests talk to loopback only.
  POWERSHELL_TELEMETRY_OPTOUT: '1',
  POWERSHELL_UPDATECHECK: 'Off',
  PATH: `${process.env.PATH}${path.delimiter}${path.join(os.homedir(), '.dotnet', 'tools')}`,
};
const results = [];
const only = process.argv.slice(2);
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-test-'));

function run(name, command, args, count) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const child = spawnSync(command, args, { stdio: 'inherit', env, cwd: root });
  record(name, child.status === 0, started, count);
}

/** As run(), without blocking the event loop, so a suite running beside it can go on to its next command. */
function runAsync(name, command, args, count) {
  if (only.length && !only.includes(name)) return Promise.resolve();
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const child = spawn(command, args, { stdio: 'inherit', env, cwd: root });
  return new Promise((resolve) => child.on('close', (status) => resolve(record(name, status === 0, started, count))));
}

function record(name, ok, started, count) {
  const counted = count?.() ?? { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
  // A runner that died before reporting still counts as a failure.
  if (!ok && counted.failed === 0) counted.failed = 1;
  results.push({ name, ok, seconds: (Date.now() - started) / 1000, ...counted });
}

/**
 * Runs a suite beside the one in the foreground, its output kept in a file and
 * printed whole once it ends (interleaved lines would make a CI log unreadable).
 * Why: the Playwright run, one join at a time, leaves part of the second core
 * idle, and the PowerShell suites fill it (a minute of CI on two cores).
 */
function runBeside(name, command, args, count) {
  if (only.length && !only.includes(name)) return Promise.resolve();
  const started = Date.now();
  const output = path.join(reports, `${name}.log`);
  const fd = fs.openSync(output, 'w');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd], env, cwd: root });
  return new Promise((resolve) => {
    child.on('close', (status) => {
      fs.closeSync(fd);
      console.log(`\n=== ${name}: ${command} ${args.join(' ')} (ran beside the foreground suite)`);
      process.stdout.write(fs.readFileSync(output, 'utf8'));
      record(name, status === 0, started, count);
      resolve();
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

if (!process.env.WINJOIN_SKIP_TOOL_INSTALL) run('tools', 'bash', ['scripts/install-tools.sh']);
run('build', 'npm', ['run', '--silent', 'build']);
run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
run('lint', 'npx', ['eslint', '.']);

const vitestReport = path.join(reports, 'vitest.json');
run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], () => {
  const report = readJson(vitestReport);
  return report ? { passed: report.numPassedTests, failed: report.numFailedTests } : null;
});

// Windows PowerShell 5.1 compatibility of every script WinJoin ships to Windows
// (the tests themselves run pwsh 7): one pass/fail per file. Then the PowerShell
// suites (Pester on real pwsh). Both run beside the end-to-end suites.
const pesterReport = path.join(reports, 'pester.json');
const powershellSuites = (async () => {
  await runBeside('ps51', 'pwsh', ['-NoProfile', '-NonInteractive', '-File', 'scripts/ps51/check-ps51.ps1']);
  if (fs.existsSync('scripts/run-pester.ps1')) {
    await runBeside(
      'powershell',
      'pwsh',
      ['-NoProfile', '-NonInteractive', '-File', 'scripts/run-pester.ps1', '-ResultFile', pesterReport],
      () => {
        const report = readJson(pesterReport);
        return report ? { passed: report.passed, failed: report.failed } : null;
      },
    );
  }
})();

const playwrightReport = path.join(reports, 'playwright.json');
if (fs.existsSync('e2e/playwright.config.ts')) {
  env.PLAYWRIGHT_JSON_OUTPUT_NAME = playwrightReport;
  await runAsync('e2e', 'npx', ['playwright', 'test', '--config', 'e2e/playwright.config.ts', '--reporter=list,json'], () => {
    const stats = readJson(playwrightReport)?.stats;
    return stats ? { passed: stats.expected + stats.flaky, failed: stats.unexpected } : null;
  });
}
await powershellSuites;

if (fs.existsSync('scripts/security-scan.mjs')) run('security', process.execPath, ['scripts/security-scan.mjs']);

console.log('\n=== summary');
for (const r of results)
  console.log(
    `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(11)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed  ${r.seconds.toFixed(1)}s`,
  );
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`Node.js ${process.version}`);
console.log(`Total: ${passed} passed, ${failed} failed`);
fs.rmSync(reports, { recursive: true, force: true });
process.exit(results.every((r) => r.ok) ? 0 : 1);
