/**
 * Every rehearsal scenario end to end through the `winjoin` CLI: the real
 * engine, step scripts under pwsh, downloader and known-problems matcher
 * against the simulated machine and cluster. Each asserts the scenario's
 * documented outcome (docs/rehearsal.md): exit code, join state, known
 * problems, and for happy what the guide says a joined node has.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../shared/events.js';
import { EXIT } from '../../../shared/exit-codes.js';
import { DOCKER_SDN_STEP_IDS } from '../../../shared/steps.js';
import type { JoinState } from '../../../shared/state.js';
import type { MachineSnapshot } from './show.js';
import { certificateSubject, filesHoldingAdminCredentials, machineFile } from './testing/node-credentials.js';
import { createScenarioCli, limiter, writeExampleAnswers } from './testing/run-scenario.js';

/** A happy host-gateway join runs every step, in guide order: the order DOCKER_SDN_STEP_IDS is defined in. */
const ALL_STEPS: readonly string[] = DOCKER_SDN_STEP_IDS;
const NODE = 'win-rehearsal1';
/** Joins spend much of their time waiting on pwsh start-up and scaled sleeps: four at once fill two cores. */
const run = limiter(4);
/** A million kubelet lines take over a minute on a busy 2-core machine: WINJOIN_SLOW_TESTS=1 runs them. */
const slow = process.env.WINJOIN_SLOW_TESTS === '1';
// A cap, not a timing: it also counts the time a join waits for one of the limiter's slots, and
// needs-restart queues twice (its resume waits behind the other scenarios' joins).
const TIMEOUT = 900_000;

let root: string;
let answers: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-scenarios-'));
  answers = await writeExampleAnswers(root);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function scenarioCli(name: string) {
  const stateDir = path.join(root, name);
  return { stateDir, ...createScenarioCli(stateDir) };
}

function stepStatus(state: JoinState): Record<string, string> {
  return Object.fromEntries(state.steps.map((s) => [s.id, s.status]));
}

function step(state: JoinState, id: string) {
  const found = state.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

function outputOf(events: JournalEvent[], stepId: string): string[] {
  return events.flatMap((e) => (e.type === 'step.output' && e.stepId === stepId ? [e.line] : []));
}

function serviceLinesOf(events: JournalEvent[], stepId: string): string[] {
  return events.flatMap((e) => (e.type === 'step.output' && e.stream === 'service' && e.stepId === stepId ? [e.line] : []));
}

function expectJoinedNode(snapshot: MachineSnapshot) {
  const files = snapshot.installDirFiles.map((f) => f.toLowerCase());
  for (const file of [
    'kubelet.exe',
    'kube-proxy.exe',
    'kubectl.exe',
    'config',
    'start-kubelet.ps1',
    'start-kubeproxy.ps1',
    'AddRoutes.ps1',
    'hns.psm1',
    'nssm.exe',
    'cni\\wincni.exe',
    'cni\\config\\l2bridge.conf',
  ]) {
    expect(files).toContain(`c:\\k\\${file}`.toLowerCase());
  }
  expect(snapshot.machineEnv.Path?.split(';')).toContain('C:\\k');
  expect(snapshot.machineEnv.KUBECONFIG).toBe('C:\\k\\config');
  expect(snapshot.dockerImages).toEqual(expect.arrayContaining(['kubeletwin/pause:latest', 'microsoft/windowsservercore:latest']));

  const node = snapshot.nodes.find((n) => n.name === NODE);
  expect(node).toMatchObject({ ready: true, os: 'windows' });
  const podCidr = node!.podCIDR!;
  expect(podCidr).toMatch(/^192\.168\.\d+\.0\/24$/);
  expect(snapshot.hnsNetworks).toEqual([{ name: 'l2bridge', type: 'L2Bridge', addressPrefix: podCidr }]);

  // host-gateway: every other node's pod CIDR via both vNICs, our own on-link on cbr0, the master as a /32.
  const routes = snapshot.routes.map((r) => `${r.destinationPrefix} ${r.interfaceAlias}`);
  for (const other of snapshot.nodes.filter((n) => n.name !== NODE && n.podCIDR)) {
    expect(routes).toContain(`${other.podCIDR} vEthernet (cbr0)`);
    expect(routes).toContain(`${other.podCIDR} vEthernet (Ethernet)`);
  }
  expect(snapshot.routes).toContainEqual({ destinationPrefix: podCidr, nextHop: '0.0.0.0', interfaceAlias: 'vEthernet (cbr0)' });
  expect(routes).toContain('192.0.2.10/32 vEthernet (Ethernet)');
  expect(snapshot.pods.some((p) => p.nodeName === NODE && p.phase === 'Running' && p.podIP?.startsWith(podCidr.slice(0, -4)))).toBe(true);
}

/**
 * Issue 19, point 4: kubelet's kubeconfig names the node (one cluster, one user), kube-proxy's names
 * system:kube-proxy, and no file on the simulated machine holds the admin user's certificate or key.
 */
function expectNodeIdentityOnly(stateDir: string) {
  expect(filesHoldingAdminCredentials(stateDir)).toEqual([]);
  const pem = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
  const kubelet = fs.readFileSync(machineFile(stateDir, 'C:\\k\\config'), 'utf8');
  expect(kubelet).toMatch(new RegExp(`^current-context: "system:node:${NODE}"$`, 'm'));
  expect(kubelet.match(/^- name:/gm)).toHaveLength(3);
  expect(certificateSubject(pem(/client-certificate-data: (\S+)/.exec(kubelet)![1]!))).toEqual([
    `CN=system:node:${NODE}`,
    'O=system:nodes',
  ]);
  const proxy = fs.readFileSync(machineFile(stateDir, 'C:\\k\\kube-proxy.conf'), 'utf8');
  expect(certificateSubject(pem(/client-certificate-data: (\S+)/.exec(proxy)![1]!))).toEqual(['CN=system:kube-proxy']);
}

function expectServicesRunning(snapshot: MachineSnapshot | null) {
  const services = Object.fromEntries((snapshot?.services ?? []).map((s) => [s.name, s]));
  for (const name of ['docker', 'kubelet', 'kube-proxy'])
    expect(services[name]).toMatchObject({ status: 'Running', startType: 'Automatic' });
}

function expectSucceeded(state: JoinState) {
  expect(state.phase).toBe('succeeded');
  expect(stepStatus(state)).toEqual(Object.fromEntries(ALL_STEPS.map((id) => [id, 'done'])));
  expect(state.steps.flatMap((s) => s.knownProblems)).toEqual([]);
}

describe('rehearsal scenarios through the winjoin CLI', () => {
  it.concurrent(
    'happy: every step done, and the machine and cluster hold a joined node',
    async () => {
      const s = scenarioCli('happy');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'happy'));
      expect(result.code, result.err).toBe(EXIT.ok);
      expectSucceeded(await s.state());
      expect(result.events.at(-1)).toMatchObject({ type: 'run.finished', outcome: 'succeeded' });
      expectServicesRunning(result.lastSnapshot);
      expectJoinedNode(result.lastSnapshot!);
      // A happy machine needs nothing done: no prerequisite warns (the install dir is C:\k on the simulated machine too).
      const prerequisites = result.events.filter((e) => e.type === 'step.check' && e.stepId === 'prerequisites');
      expect(
        prerequisites.filter((e) => e.type === 'step.check' && e.status !== 'pass').map((e) => e.type === 'step.check' && e.checkId),
      ).toEqual([]);
      // The log reads like the real machine's: the simulated machine's paths show as the Windows paths they stand for.
      const lines = result.events.flatMap((e) => (e.type === 'step.output' ? [e.line] : []));
      expect(lines.filter((l) => l.includes(`rehearsal${path.sep}machine${path.sep}`))).toEqual([]);
      expect(lines).toContain('C:\\k added to the machine PATH');
      // The pause base image goes by tag (it has no lasting digest); what the registry returned is recorded (issue 19).
      const pauseFacts = step(await s.state(), 'pause-image').facts;
      expect(pauseFacts.baseImage).toBe('mcr.microsoft.com/windows/servercore:1709');
      expect(pauseFacts.baseImageDigest).toMatch(/^mcr\.microsoft\.com\/windows\/servercore@sha256:[0-9a-f]{64}$/);
      expect(outputOf(result.events, 'pause-image')).toContain(
        `mcr.microsoft.com/windows/servercore:1709 is ${String(pauseFacts.baseImageDigest)} (the digest the registry returned; the tag moves monthly, so none is pinned)`,
      );
      // The services' own logs reach the live log, under the step that started each service.
      const kubeletLog = serviceLinesOf(result.events, 'kubelet');
      expect(kubeletLog.some((l) => l.includes(`Successfully registered node ${NODE}`))).toBe(true);
      expect(kubeletLog.some((l) => l.includes('SyncLoop (housekeeping) 20'))).toBe(true);
      expectNodeIdentityOnly(s.stateDir);
      // What `winjoin rehearsal show` reads back later, after the simulated machine was shut down.
      const shown = await s.show();
      expect(shown).toMatchObject({ simulated: true, scenario: 'happy', pendingRestart: false });
      expectJoinedNode(shown);
    },
    TIMEOUT,
  );

  it.concurrent(
    'needs-restart: stops at docker asking for a restart, and the resumed join finishes',
    async () => {
      const s = scenarioCli('needs-restart');
      const first = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'needs-restart'));
      expect(first.code, first.err).toBe(EXIT.restartRequired);
      const stopped = await s.state();
      expect(stopped.phase).toBe('restart-required');
      expect(step(stopped, 'docker').status).toBe('restart-pending');
      expect(step(stopped, 'kubelet').status).toBe('pending');
      expect((await s.show()).pendingRestart).toBe(true);

      const resumed = await run(() => s.join('--resume'));
      expect(resumed.code, resumed.err).toBe(EXIT.ok);
      expect(resumed.events[0]).toMatchObject({ type: 'run.started', resumed: true });
      expectSucceeded(await s.state());
      expectServicesRunning(resumed.lastSnapshot);
      expectJoinedNode(resumed.lastSnapshot!);
      expect(resumed.lastSnapshot!.pendingRestart).toBe(false);
    },
    TIMEOUT,
  );

  it.concurrent(
    'gallery-tls: the provider route fails with the T21 messages and the static binaries take over',
    async () => {
      const s = scenarioCli('gallery-tls');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'gallery-tls'));
      expect(result.code, result.err).toBe(EXIT.ok);
      expectSucceeded(await s.state());
      const docker = outputOf(result.events, 'docker').join('\n');
      expect(docker).toContain('Unable to download the list of available providers. Check your internet connection.');
      expect(docker).toMatch(/No match was found for the specified search criteria for the provider 'NuGet'/);
      expect(docker).toContain('Falling back to the Docker static binaries');
      expectServicesRunning(result.lastSnapshot);
    },
    TIMEOUT,
  );

  it.concurrent(
    'no-pod-cidr: kubelet waits for a pod CIDR that never comes and fails with T14',
    async () => {
      const s = scenarioCli('no-pod-cidr');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'no-pod-cidr'));
      expect(result.code, result.err).toBe(EXIT.stepFailed);
      const state = await s.state();
      expect(state.phase).toBe('failed');
      const kubelet = step(state, 'kubelet');
      expect(kubelet.status).toBe('failed');
      expect(kubelet.knownProblems[0]).toBe('KP-T14-POD-CIDR-WAIT');
      expect(step(state, 'api-check').status).toBe('done');
      expect(step(state, 'routes').status).toBe('pending');
      const node = (await s.show()).nodes.find((n) => n.name === NODE);
      expect(node).toMatchObject({ ready: false, podCIDR: null });
    },
    TIMEOUT,
  );

  it.concurrent(
    'image-mismatch: the pause image build fails with the T8 known problem',
    async () => {
      const s = scenarioCli('image-mismatch');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'image-mismatch'));
      expect(result.code, result.err).toBe(EXIT.stepFailed);
      const state = await s.state();
      const pause = step(state, 'pause-image');
      expect(pause.status).toBe('failed');
      expect(pause.knownProblems[0]).toBe('KP-T8-IMAGE-OS-MISMATCH');
      expect(outputOf(result.events, 'pause-image').join('\n')).toContain('(0xc0370101)');
      expect(step(state, 'kubelet').status).toBe('pending');
      expect((await s.show()).dockerImages).not.toContain('kubeletwin/pause:latest');
    },
    TIMEOUT,
  );

  it.concurrent(
    'proxy-required: downloads and the registry go through the loopback proxy the answers name',
    async () => {
      const s = scenarioCli('proxy-required');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'proxy-required'));
      expect(result.code, result.err).toBe(EXIT.ok);
      const state = await s.state();
      expectSucceeded(state);
      // The origin drops connections that do not come through this proxy, so success means every download used it.
      const proxy = state.plan.downloadSettings.proxy;
      expect(proxy?.https).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const downloaded = state.plan.steps.flatMap((p) => p.downloads).map((d) => new URL(d.url).hostname);
      expect(downloaded.length).toBeGreaterThan(0);
      expect(new Set(downloaded)).toEqual(new Set(['127.0.0.1']));
      const shown = await s.show();
      expect(shown.machineEnv.HTTPS_PROXY ?? shown.machineEnv.HTTP_PROXY).toBe(proxy?.https);
    },
    TIMEOUT,
  );

  it.concurrent(
    'corrupt-download: verification refuses the damaged file, naming it and both digests, and keeps nothing',
    async () => {
      const s = scenarioCli('corrupt-download');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'corrupt-download'));
      expect(result.code, result.err).toBe(EXIT.stepFailed);
      const state = await s.state();
      const binaries = step(state, 'binaries');
      expect(binaries.status).toBe('failed');
      expect(binaries.error?.code).toBe('E_DOWNLOAD_CHECKSUM');
      expect(binaries.knownProblems).toContain('KP-WJ-DOWNLOAD-CHECKSUM');
      const message = binaries.error?.message ?? '';
      expect(message).toContain('kubernetes-node-windows-amd64-v1.9.1.tar.gz');
      const digests = message.match(/\b[0-9a-f]{64}\b/g) ?? [];
      expect(digests).toHaveLength(2);
      expect(digests[0]).not.toBe(digests[1]);
      const downloads = fs.existsSync(path.join(s.stateDir, 'downloads')) ? fs.readdirSync(path.join(s.stateDir, 'downloads')) : [];
      expect(downloads.filter((f) => f.startsWith('kubernetes-node'))).toEqual([]);
      expect((await s.show()).installDirFiles).not.toContain('C:\\k\\kubectl.exe');
    },
    TIMEOUT,
  );

  it.runIf(slow).concurrent(
    'log-flood: kubelet prints a million lines and the join still completes',
    async () => {
      const s = scenarioCli('log-flood');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'log-flood'));
      expect(result.code, result.err).toBe(EXIT.ok);
      expectSucceeded(await s.state());
      expect(countLines(path.join(s.stateDir, 'logs', 'kubelet.log'))).toBeGreaterThanOrEqual(1_000_000);
      expect(result.events.at(-1)).toMatchObject({ type: 'run.finished', outcome: 'succeeded' });
      // Every flood line reached the live log before the run's last event.
      const flood = serviceLinesOf(result.events, 'kubelet').filter((l) => l.includes('SyncLoop (housekeeping)'));
      expect(flood).toHaveLength(1_000_000);
      expect(flood.at(-1)).toContain('SyncLoop (housekeeping) 1000000');
    },
    TIMEOUT,
  );
});

function countLines(file: string): number {
  const buffer = Buffer.alloc(1 << 20);
  const fd = fs.openSync(file, 'r');
  let lines = 0;
  try {
    for (let read = fs.readSync(fd, buffer); read > 0; read = fs.readSync(fd, buffer)) {
      for (let i = 0; i < read; i++) if (buffer[i] === 10) lines++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}
