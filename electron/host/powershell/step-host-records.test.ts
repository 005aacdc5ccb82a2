import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNNING_STEPS_DIR, StepHostRecords } from './step-host-records.js';

let dir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-records-'));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A detached group whose leader's command line carries a marker, with a child of its own (like pwsh starting kubelet). */
function orphanTree(marker: string): ChildProcess {
  const child = spawn('sh', ['-c', `sleep 300 & wait # ${marker}`], { detached: true, stdio: 'ignore' });
  children.push(child);
  return child;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z /s.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe.runIf(process.platform === 'linux')('step host records', () => {
  it('ends a step host a killed WinJoin left running, with what it started, and forgets the record', async () => {
    const orphan = orphanTree('Invoke-WinJoinStep.ps1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    new StepHostRecords(dir).started('docker', orphan.pid!, 'Invoke-WinJoinStep.ps1');

    const ended = await new StepHostRecords(dir).endOrphans();
    expect(ended).toEqual(['docker']);
    expect(isAlive(orphan.pid!)).toBe(false);
    expect(fs.readdirSync(path.join(dir, RUNNING_STEPS_DIR))).toEqual([]);
  });

  it('leaves alone a reused pid that no longer runs a step host, and records from an earlier boot', async () => {
    const stranger = orphanTree('something-else');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const records = new StepHostRecords(dir);
    records.started('kubelet', stranger.pid!, 'Invoke-WinJoinStep.ps1');
    fs.writeFileSync(path.join(dir, RUNNING_STEPS_DIR, 'proxy.json'), JSON.stringify({ pid: stranger.pid, bootedAt: 1, marker: 'sh' }));
    fs.writeFileSync(path.join(dir, RUNNING_STEPS_DIR, 'torn.json'), '{"pid": 12');

    expect(await records.endOrphans()).toEqual([]);
    expect(isAlive(stranger.pid!)).toBe(true);
    expect(fs.readdirSync(path.join(dir, RUNNING_STEPS_DIR))).toEqual([]);
  });

  it('forgets a step host that ended normally', () => {
    const records = new StepHostRecords(dir);
    records.started('binaries', 424242, 'Invoke-WinJoinStep.ps1');
    records.ended('binaries');
    expect(fs.readdirSync(path.join(dir, RUNNING_STEPS_DIR))).toEqual([]);
  });
});
