/**
 * A re-run of the kubelet step on a joined machine must leave it alone (issue
 * 15): restarting the kubelet service makes start-kubelet.ps1 delete and
 * recreate the l2bridge HNS network, which breaks every pod's networking. The
 * happy join runs through the CLI; then the rehearsal machine is reopened and
 * the kubelet step runs through the step host, as the engine runs it, against
 * the stricter stand-ins (nssm.exe a real process answering in UTF-16LE, kubectl
 * errors on stderr).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../shared/exit-codes.js';
import { findAppRoot } from '../app-root.js';
import { runStepScript } from '../powershell/run-step-script.js';
import { rehearsalLayout } from './paths.js';
import { SIMULATED_NETWORK, startRehearsal, type RehearsalHandle } from './start-rehearsal.js';
import { createScenarioCli, writeExampleAnswers } from './testing/run-scenario.js';

const TIMEOUT = 600_000;
const psDir = path.join(findAppRoot(), 'electron', 'powershell');

interface MachineFile {
  services: Record<string, { pid?: number; startTime?: string; status: string }>;
  hns: { networks: { Id?: string; id?: string; Name?: string; name?: string }[] };
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-kubelet-rerun-'));
  // Here nssm.exe runs as a real process answering in UTF-16LE (other rehearsals answer it in-process, for time).
  process.env.WINJOIN_REHEARSAL_REAL_NSSM = '1';
});
afterAll(() => {
  delete process.env.WINJOIN_REHEARSAL_REAL_NSSM;
  fs.rmSync(root, { recursive: true, force: true });
});

async function runKubeletStep(handle: RehearsalHandle, stateDir: string) {
  const lines: string[] = [];
  const run = await runStepScript({
    script: path.join(psDir, 'steps', 'kubelet.ps1'),
    stepHost: path.join(psDir, 'Invoke-WinJoinStep.ps1'),
    params: handle.mapStepParams({
      installDir: 'C:\\k',
      stateDir,
      clusterCidr: SIMULATED_NETWORK.clusterCidr,
      serviceCidr: SIMULATED_NETWORK.serviceCidr,
      dnsServiceIp: SIMULATED_NETWORK.dnsServiceIp,
      runAs: 'windows-service',
      waitSeconds: 300,
      downloads: {},
    }),
    timeoutMs: TIMEOUT / 2,
    preloadModule: handle.preloadModule,
    env: handle.env,
    onLine: (_stream, line) => lines.push(line),
    onEvent: () => undefined,
  });
  return { run, transcript: lines.join('\n') };
}

function machine(stateDir: string): MachineFile {
  return JSON.parse(fs.readFileSync(rehearsalLayout(stateDir).machineState, 'utf8')) as MachineFile;
}

/** start-kubelet.ps1 writes the CNI config once the network is rebuilt, right before it runs the final kubelet. */
function cniConfigsWritten(stateDir: string): number {
  const log = path.join(stateDir, 'logs', 'kubelet.log');
  if (!fs.existsSync(log)) return 0;
  return fs.readFileSync(log, 'utf8').split('Generated CNI Config').length - 1;
}

async function until(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('kubelet step on a joined rehearsal machine', () => {
  it(
    'changes nothing and restarts nothing',
    async () => {
      const stateDir = path.join(root, 'state');
      const answers = await writeExampleAnswers(root);
      const joined = await createScenarioCli(stateDir).join('--answers', answers, '--rehearsal', '--scenario', 'happy');
      expect(joined.code, joined.err).toBe(EXIT.ok);

      const handle = await startRehearsal({ stateDir, scenario: 'happy' });
      try {
        // The first run after reopening wakes the machine (its services start again, as after a boot).
        const rebuiltBefore = cniConfigsWritten(stateDir);
        const wake = await runKubeletStep(handle, stateDir);
        expect(wake.run.exitCode, wake.transcript).toBe(0);
        // The woken start-kubelet.ps1 rebuilds the l2bridge network, as after a real boot, and may
        // still be at it when the step sees the node Ready: the baseline is taken once it is done.
        await until(() => cniConfigsWritten(stateDir) > rebuiltBefore, 'the woken start-kubelet.ps1 to write the CNI config');
        const before = machine(stateDir);

        const again = await runKubeletStep(handle, stateDir);
        expect(again.run.exitCode, again.transcript).toBe(0);
        expect(again.run.result?.changed, again.transcript).toBe(false);
        const after = machine(stateDir);
        // Same kubelet process, same HNS network: nothing was restarted or recreated.
        expect(after.services.kubelet).toMatchObject({
          status: 'Running',
          pid: before.services.kubelet!.pid,
          startTime: before.services.kubelet!.startTime,
        });
        expect(after.hns.networks).toEqual(before.hns.networks);
        expect(after.hns.networks.length).toBeGreaterThan(0);
      } finally {
        await handle.close();
      }
    },
    TIMEOUT,
  );
});
