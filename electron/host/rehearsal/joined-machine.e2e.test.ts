/**
 * A joined docker-sdn rehearsal machine, joined once through the CLI and then
 * used twice, in order (a whole join costs minutes of CI on two cores):
 *
 * 1. A re-run of the kubelet step must leave it alone (issue 15): restarting the
 *    kubelet service makes start-kubelet.ps1 delete and recreate the l2bridge
 *    HNS network, which breaks every pod's networking. The rehearsal machine is
 *    reopened and the kubelet step runs through the step host, as the engine
 *    runs it, against the stricter stand-ins (nssm.exe a real process answering
 *    in UTF-16LE, kubectl errors on stderr). Then the kubeconfig step runs again
 *    as the engine runs it (docker-sdn node identities): both identities are
 *    still good, so it changes nothing and sends the cluster no new request.
 * 2. `winjoin reset` through the real CLI, step scripts under pwsh and the
 *    simulated cluster: afterwards the machine has none of the join's services,
 *    no PATH entry for the install dir, and the cluster no node of it; a second
 *    reset finds nothing to do. A reset after a kubelet re-run is what a real
 *    machine sees too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../shared/events.js';
import { EXIT } from '../../../shared/exit-codes.js';
import type { JoinState } from '../../../shared/state.js';
import { rehearsalExecutor } from '../../service/default-deps.js';
import { findAppRoot } from '../app-root.js';
import { runStepScript } from '../powershell/run-step-script.js';
import { rehearsalLayout } from './paths.js';
import { SIMULATED_NETWORK, startRehearsal, type RehearsalHandle } from './start-rehearsal.js';
import { createScenarioCli, writeExampleAnswers } from './testing/run-scenario.js';
import { sessionProcesses } from './testing/session-processes.js';

// Caps, not timings: a happy join alone takes minutes when the machine's two cores are shared.
const TIMEOUT = 600_000;
const NODE = 'win-rehearsal1';
const psDir = path.join(findAppRoot(), 'electron', 'powershell');

interface MachineFile {
  services: Record<string, { pid?: number; startTime?: string; status: string }>;
  hns: { networks: { Id?: string; id?: string; Name?: string; name?: string }[] };
}

let root: string;
let stateDir: string;
let cli: ReturnType<typeof createScenarioCli>;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-joined-machine-'));
  stateDir = path.join(root, 'state');
  // Here nssm.exe runs as a real process answering in UTF-16LE (other rehearsals answer it in-process, for time).
  process.env.WINJOIN_REHEARSAL_REAL_NSSM = '1';
  const answers = await writeExampleAnswers(root);
  cli = createScenarioCli(stateDir);
  const joined = await cli.join('--answers', answers, '--rehearsal', '--scenario', 'happy');
  expect(joined.code, joined.err).toBe(EXIT.ok);
}, TIMEOUT);
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

/** The names of the certificate signing requests the simulated cluster holds. */
function signingRequests(stateDir: string): string[] {
  const cluster = JSON.parse(fs.readFileSync(rehearsalLayout(stateDir).clusterState, 'utf8')) as {
    objects?: Record<string, { metadata: { name: string } }[]>;
  };
  return Object.entries(cluster.objects ?? {})
    .filter(([key]) => key.endsWith('/certificatesigningrequests'))
    .flatMap(([, csrs]) => csrs.map((csr) => csr.metadata.name))
    .sort();
}

/** C:\k\config and C:\k\kube-proxy.conf on the simulated machine. */
function nodeIdentities(stateDir: string): string[] {
  const installDir = path.join(rehearsalLayout(stateDir).machineRoot, 'C', 'k');
  return ['config', 'kube-proxy.conf'].map((name) => fs.readFileSync(path.join(installDir, name), 'utf8'));
}

async function until(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('a joined docker-sdn rehearsal machine', () => {
  // Runs first: the reset below undoes the join.
  it(
    'a re-run of the kubelet step changes nothing and restarts nothing; nor does one of the kubeconfig step, which sends no new request',
    async () => {
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

        // The kubeconfig step, through the session's executor as the engine runs it: it finds both node identities good.
        const requestsBefore = signingRequests(stateDir);
        expect(requestsBefore).toEqual([
          expect.stringMatching(/^winjoin-win-rehearsal1-kube-proxy-[0-9a-f]{16}$/),
          expect.stringMatching(/^winjoin-win-rehearsal1-kubelet-[0-9a-f]{16}$/),
        ]);
        const identitiesBefore = nodeIdentities(stateDir);
        const state = JSON.parse(fs.readFileSync(path.join(stateDir, 'state.json'), 'utf8')) as JoinState;
        const lines: string[] = [];
        const outcome = await rehearsalExecutor(
          handle,
          psDir,
        )({
          runId: state.runId,
          step: state.plan.steps.find((step) => step.id === 'kubeconfig')!,
          attempt: 1,
          stateDir,
          signal: new AbortController().signal,
          downloadSettings: state.plan.downloadSettings,
          facts: {},
          emit: (event) => {
            if (event.type === 'step.output') lines.push(event.line);
          },
        });
        expect(outcome, lines.join('\n')).toMatchObject({ status: 'done', changed: false, facts: { csrs: [] } });
        expect(lines.join('\n')).toContain('kubelet and kube-proxy keep their identities on the node');
        expect(signingRequests(stateDir)).toEqual(requestsBefore);
        expect(nodeIdentities(stateDir)).toEqual(identitiesBefore);
      } finally {
        await handle.close();
      }
    },
    TIMEOUT,
  );

  it(
    'winjoin reset undoes the join: services, PATH entry and the node are gone, and a second reset does nothing',
    { timeout: TIMEOUT },
    async () => {
      const s = cli;
      const before = await s.show();
      expect(before.nodes.map((n) => n.name)).toContain(NODE);

      const reset = await s.cli('reset', '--yes', '--rehearsal', '--json');
      const events = reset.out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as JournalEvent);
      const finished = events.find((e) => e.type === 'reset.finished');
      expect(finished, reset.err + reset.out.slice(-4000)).toMatchObject({ outcome: 'succeeded', failed: [], held: [] });
      expect(reset.code).toBe(EXIT.ok);
      // The simulated API server cordons and evicts as a real one: the drain finishes, with no warning.
      expect(events).toContainEqual(expect.objectContaining({ type: 'step.finished', stepId: 'node-drain', status: 'done' }));
      expect(events.filter((e) => e.type === 'note')).toEqual([]);
      const started = events.find((e) => e.type === 'reset.started');
      expect(started).toMatchObject({ recipe: 'docker-sdn' });
      // The reverse of the guide, with the node drained first and deleted once its kubelet is gone.
      const order = (started as Extract<JournalEvent, { type: 'reset.started' }>).stepIds;
      expect(order.indexOf('node-drain')).toBeLessThan(order.indexOf('kubelet'));
      expect(order.indexOf('node-delete')).toBeGreaterThan(order.indexOf('kubelet'));
      expect(order.at(-1)).toBe('docker');

      const after = await s.show();
      const services = after.services.map((svc) => svc.name.toLowerCase());
      for (const name of ['kubelet', 'kube-proxy', 'docker']) expect(services).not.toContain(name);
      expect(after.nodes.map((n) => n.name)).not.toContain(NODE);
      const machinePath = (after.machineEnv.Path ?? after.machineEnv.PATH ?? '').toLowerCase().split(';');
      expect(machinePath).not.toContain('c:\\k');
      expect(after.installDirFiles.filter((f) => /\.exe$/i.test(f))).toEqual([]);
      // The kubeconfig step's undo (run by WinJoin's process, which hands it to kubeconfig.ps1): the node's identities are gone.
      expect(after.installDirFiles.map((f) => f.toLowerCase())).not.toContain('c:\\k\\config');
      expect(after.installDirFiles.filter((f) => /kube-proxy\.conf$|\.key$/i.test(f))).toEqual([]);
      expect(after.machineEnv.KUBECONFIG).toBeUndefined();

      const again = await s.cli('reset', '--yes');
      expect(again.code).toBe(EXIT.ok);
      expect(again.err).toContain('No join to reset');
      // Each CLI run's rehearsal session has ended: none of the processes it started (kubelet, kube-proxy stand-ins, step hosts) is left.
      expect(sessionProcesses(rehearsalLayout(stateDir).root)).toEqual([]);
    },
  );
});
