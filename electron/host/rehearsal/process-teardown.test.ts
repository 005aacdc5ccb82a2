/**
 * A simulated service stops as nssm stops one (AppKillProcessTree): with its
 * whole process tree, children that started sessions of their own included;
 * and a rehearsal session that ends leaves none of its processes behind.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rehearsalLayout } from './paths.js';
import { processTrees } from './process-tree.js';
import { startRehearsal, type RehearsalHandle } from './start-rehearsal.js';
import { sessionProcesses } from './testing/session-processes.js';

const run = promisify(execFile);
const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

let dir: string;
let handle: RehearsalHandle | null = null;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-teardown-'));
});
afterEach(async () => {
  await handle?.close();
  handle = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs PowerShell on the simulated machine, as a step host does. */
async function onMachine(h: RehearsalHandle, script: string): Promise<void> {
  await run(
    'pwsh',
    ['-NoProfile', '-NonInteractive', '-Command', `Import-Module $env:WINJOIN_REHEARSAL_MODULE -DisableNameChecking; ${script}`],
    {
      env: { ...process.env, ...h.env },
    },
  );
}

/** An nssm service whose script runs a child in the foreground and one in a session of its own, as a detached helper would. */
async function installService(h: RehearsalHandle): Promise<void> {
  const script = path.join(dir, 'svc.ps1');
  fs.writeFileSync(script, "& /bin/sh -c 'setsid sleep 600 & exec sleep 601'\n");
  await onMachine(
    h,
    `[void](Invoke-SimNssm -ArgumentList @('install', 'svc', '${POWERSHELL}')); ` +
      `[void](Invoke-SimNssm -ArgumentList @('set', 'svc', 'AppParameters', '-NoProfile -File ${script}'))`,
  );
}

async function startService(h: RehearsalHandle, root: string): Promise<void> {
  await onMachine(h, 'Start-Service -Name svc');
  // Both sleeps run before the test stops anything.
  for (let i = 0; i < 100 && sessionProcesses(root).filter((p) => /^sleep 60[01]$/.test(p.commandLine)).length < 2; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect(sessionProcesses(root).map((p) => p.commandLine)).toEqual(expect.arrayContaining(['sleep 600', 'sleep 601']));
}

describe('the simulated machine ends whole process trees', () => {
  it('Stop-Service ends the service with its children, the one in its own session too', async () => {
    handle = await startRehearsal({ stateDir: dir, scenario: 'happy' });
    const root = rehearsalLayout(dir).root;
    await installService(handle);
    await startService(handle, root);
    await onMachine(handle, 'Stop-Service -Name svc');
    expect(sessionProcesses(root)).toEqual([]);
  }, 60_000);

  it('a session that ends leaves none of its processes behind', async () => {
    handle = await startRehearsal({ stateDir: dir, scenario: 'happy' });
    const root = rehearsalLayout(dir).root;
    await installService(handle);
    await startService(handle, root);
    await handle.close();
    expect(sessionProcesses(root)).toEqual([]);
  }, 60_000);
});

describe('processTrees', () => {
  it('leaves a pid alone that now belongs to another process than the one recorded', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const pid = child.pid!;
      expect(processTrees([{ pid, startTime: new Date().toISOString() }])).toEqual([pid]);
      expect(processTrees([{ pid, startTime: new Date(Date.now() - 3_600_000).toISOString() }])).toEqual([]);
    } finally {
      child.kill();
    }
  });
});
