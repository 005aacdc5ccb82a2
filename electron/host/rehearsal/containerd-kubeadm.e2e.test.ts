/**
 * The containerd-kubeadm recipe rehearsed end to end through the `winjoin`
 * CLI: the real engine, gate and step scripts against the simulated Windows
 * Server 2022 host (containerd service, kubelet under nssm, firewall) and the
 * simulated kubeadm cluster. The stand-in kubeadm really discovers the
 * cluster (JWS, CA pin) and the stand-in kubelet really TLS-bootstraps, so a
 * Ready node here means the whole chain held.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../../shared/answers.js';
import { EXIT } from '../../../shared/exit-codes.js';
import { CONTAINERD_KUBEADM_STEP_IDS } from '../../../shared/steps.js';
import type { JoinState } from '../../../shared/state.js';
import type { MachineSnapshot } from './show.js';
import { certificateSubject, filesHoldingAdminCredentials, machineFile } from './testing/node-credentials.js';
import { createScenarioCli, limiter } from './testing/run-scenario.js';

const NODE = 'win-rehearsal1';
/** Each join is several pwsh processes and a kubelet: two at once fill a 2-core machine. */
const run = limiter(2);
const TIMEOUT = 600_000;

let root: string;
let answers: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-ck-'));
  answers = path.join(root, 'answers.json');
  fs.writeFileSync(answers, JSON.stringify(exampleAnswers('containerd-kubeadm'), null, 2));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function scenarioCli(name: string) {
  return createScenarioCli(path.join(root, name));
}

function stepStatus(state: JoinState): Record<string, string> {
  return Object.fromEntries(state.steps.map((s) => [s.id, s.status]));
}

function expectSucceeded(state: JoinState) {
  expect(state.phase).toBe('succeeded');
  expect(stepStatus(state)).toEqual(Object.fromEntries(CONTAINERD_KUBEADM_STEP_IDS.map((id) => [id, 'done'])));
  expect(state.steps.flatMap((s) => s.knownProblems)).toEqual([]);
}

/** What the reference (section 1) says a joined containerd-kubeadm node has, as `winjoin rehearsal show` reports it. */
function expectJoinedNode(snapshot: MachineSnapshot | null, { servicesRunning }: { servicesRunning: boolean }) {
  expect(snapshot).not.toBeNull();
  const shown = snapshot!;
  expect(shown.osBuild).toBe(20348);
  const services = Object.fromEntries(shown.services.map((s) => [s.name, s]));
  for (const name of ['containerd', 'kubelet']) {
    expect(services[name]).toMatchObject({ startType: 'Automatic', ...(servicesRunning ? { status: 'Running' } : {}) });
  }
  expect(shown.firewallRules).toContainEqual({
    name: 'kubelet',
    direction: 'Inbound',
    action: 'Allow',
    protocol: 'TCP',
    localPort: '10250',
  });
  expect(shown.nodes.find((n) => n.name === NODE)).toMatchObject({ ready: true, os: 'windows' });
  expect(shown.hnsNetworks.map((n) => n.name)).toContain('Calico');
  // WinJoin applied kube-proxy-windows (the answers consent), and it runs on this node with calico-node-windows.
  expect(shown.daemonSets).toContainEqual({ namespace: 'kube-system', name: 'kube-proxy-windows', desired: 1, ready: 1 });
  for (const prefix of ['kube-proxy-windows-', 'calico-node-windows-'])
    expect(shown.pods.some((p) => p.name.startsWith(prefix) && p.nodeName === NODE && p.phase === 'Running')).toBe(true);
  const files = shown.installDirFiles.map((f) => f.toLowerCase());
  for (const file of ['kubelet.exe', 'kubeadm.exe', 'kubectl.exe', 'nssm.exe', 'start-kubelet-kubeadm.ps1'])
    expect(files).toContain(`c:\\k\\${file}`);
}

describe('containerd-kubeadm rehearsed through the winjoin CLI', () => {
  it.concurrent(
    'happy: every step done; containerd and kubelet run as services, port 10250 is open and the node is Ready',
    async () => {
      const stateDir = path.join(root, 'happy');
      const s = createScenarioCli(stateDir);
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'happy'));
      expect(result.code, result.err + result.out.slice(-4000)).toBe(EXIT.ok);
      expectSucceeded(await s.state());
      expectJoinedNode(result.lastSnapshot, { servicesRunning: true });
      const join = result.events.flatMap((e) => (e.type === 'step.output' && e.stepId === 'kubeadm-join' ? [e.line] : []));
      expect(join).toContain('This node has joined the cluster:');
      // From a pod on the node: the cluster DNS name resolves, the kubernetes ClusterIP answers (kube-proxy-windows
      // runs here), and the sample web server's pod answers at the pod IP the page check used (the pod network here).
      const fromPod = result.events.flatMap((e) =>
        e.type === 'step.check' && e.stepId === 'sample-service' && e.checkId.startsWith('pod-') ? [e] : [],
      );
      const page = result.events.find((e) => e.type === 'step.check' && e.checkId === 'sample-page');
      const webIp = /^http:\/\/([\d.]+)\/$/.exec(page?.type === 'step.check' ? (page.detailParams?.url ?? '') : '')?.[1];
      expect(webIp).toMatch(/^192\.168\./);
      expect(fromPod.map((e) => [e.checkId, e.status, e.detailParams])).toEqual([
        ['pod-dns', 'pass', { name: 'kubernetes.default.svc.cluster.local', address: '11.0.0.1' }],
        ['pod-service', 'pass', { service: 'default/kubernetes', target: '11.0.0.1:443' }],
        ['pod-to-pod', 'pass', { targetPod: expect.stringMatching(/^winjoin-webserver-/), node: NODE, ip: webIp, port: '80' }],
      ]);
      expect(result.lastSnapshot!.pods.filter((p) => p.name.startsWith('winjoin-network-check-'))).toEqual([]);
      // The service states are read back from disk later, after the simulated machine shut down.
      expectJoinedNode(await s.show(), { servicesRunning: false });
      // Issue 19, point 4: kubelet runs as the node (its TLS bootstrap's certificate); no file on the node holds the admin's credential.
      expect(filesHoldingAdminCredentials(stateDir)).toEqual([]);
      const kubeletConf = fs.readFileSync(machineFile(stateDir, 'C:\\etc\\kubernetes\\kubelet.conf'), 'utf8');
      const certFile = /^\s+client-certificate: (.+)$/m.exec(kubeletConf)?.[1]?.trim() ?? '';
      expect(certificateSubject(fs.readFileSync(machineFile(stateDir, certFile), 'utf8'))).toEqual([
        `CN=system:node:${NODE}`,
        'O=system:nodes',
      ]);
    },
    TIMEOUT,
  );

  it.concurrent(
    'needs-restart: stops at windows-features asking for a restart, and the resumed join finishes',
    async () => {
      const s = scenarioCli('needs-restart');
      const first = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'needs-restart'));
      expect(first.code, first.err).toBe(EXIT.restartRequired);
      const stopped = await s.state();
      expect(stopped.phase).toBe('restart-required');
      expect(stopped.steps.find((x) => x.id === 'windows-features')?.status).toBe('restart-pending');
      expect(stopped.steps.find((x) => x.id === 'containerd')?.status).toBe('pending');
      expect((await s.show()).pendingRestart).toBe(true);

      const resumed = await run(() => s.join('--resume'));
      expect(resumed.code, resumed.err + resumed.out.slice(-4000)).toBe(EXIT.ok);
      expectSucceeded(await s.state());
      expectJoinedNode(resumed.lastSnapshot, { servicesRunning: true });
    },
    TIMEOUT,
  );

  it.concurrent(
    "corrupt-download: kubectl.exe differs from dl.k8s.io's digest, and kube-binaries refuses it before anything lands",
    async () => {
      const s = scenarioCli('corrupt-download');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'corrupt-download'));
      expect(result.code, result.err).toBe(EXIT.stepFailed);
      const binaries = (await s.state()).steps.find((x) => x.id === 'kube-binaries');
      expect(binaries?.status).toBe('failed');
      expect(binaries?.error?.code).toBe('E_DOWNLOAD_CHECKSUM');
      expect(binaries?.error?.message).toMatch(/kubectl-v\d+\.\d+\.\d+\.exe/);
      expect((await s.show()).installDirFiles).not.toContain('C:\\k\\kubectl.exe');
    },
    TIMEOUT,
  );

  it.concurrent(
    "proxy-required: downloads and containerd's image pulls go through the proxy, so the Calico pod runs and the node is Ready",
    async () => {
      const s = scenarioCli('proxy-required');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'proxy-required'));
      expect(result.code, result.err + result.out.slice(-4000)).toBe(EXIT.ok);
      expectSucceeded(await s.state());
      expectJoinedNode(result.lastSnapshot, { servicesRunning: true });
      // containerd got the proxy through its own service environment (T16): the kubelet log has no failed pull.
      const kubelet = result.events.flatMap((e) => (e.type === 'step.output' && e.stream === 'service' ? [e.line] : []));
      expect(kubelet.filter((l) => l.includes('ErrImagePull'))).toEqual([]);
    },
    TIMEOUT,
  );

  it.concurrent(
    "proxy-blocks-registry: the downloads pass the proxy and the node joins, but the proxy refuses quay.io and Docker Hub, so node-ready stops at the pods' failed pulls with the proxy's 403 as the known problem",
    async () => {
      const s = scenarioCli('proxy-blocks-registry');
      const result = await run(() => s.join('--answers', answers, '--rehearsal', '--scenario', 'proxy-blocks-registry'));
      expect(result.code, result.err + result.out.slice(-4000)).toBe(EXIT.stepFailed);
      const state = await s.state();
      expect(state.phase).toBe('failed');
      // Every step before node-ready is done: the origin answers only through the proxy, so the downloads went through it.
      const before = CONTAINERD_KUBEADM_STEP_IDS.slice(0, CONTAINERD_KUBEADM_STEP_IDS.indexOf('node-ready'));
      expect(Object.fromEntries(before.map((id) => [id, stepStatus(state)[id]]))).toEqual(
        Object.fromEntries(before.map((id) => [id, 'done'])),
      );
      const nodeReady = state.steps.find((x) => x.id === 'node-ready')!;
      expect(nodeReady.status).toBe('failed');
      expect(nodeReady.knownProblems[0]).toBe('KP-M16-PROXY-DENIES-REGISTRY');
      expect(nodeReady.knownProblems).not.toContain('KP-M16-CONTAINERD-NO-PROXY');
      expect(nodeReady.error?.message).toMatch(
        /pod calico-system\/calico-node-windows-\S+ cannot pull the image of container calico-node \((?:ErrImagePull|ImagePullBackOff)\): .*failed to do request: Head "https:\/\/quay\.io\/v2\/calico\/node-windows\/manifests\/[^"]+": Forbidden$/,
      );
      // Stopped by the pods' evidence, not by waiting out the node's Ready timeout.
      const checks = result.events.flatMap((e) => (e.type === 'step.check' && e.stepId === 'node-ready' ? [e] : []));
      expect(checks.map((c) => [c.status, c.detailKey])).toEqual([['fail', 'checkDetails.node-ready.imagePullFailed']]);
      // The simulated cluster: the node registered but NotReady; each Windows pod waits on its image, refused by the proxy
      // (the pause image came from registry.k8s.io, which the allow-list has, or the pods would wait on their sandbox).
      const shown = result.lastSnapshot!;
      expect(shown.nodes.find((n) => n.name === NODE)).toMatchObject({ ready: false, os: 'windows' });
      for (const [prefix, registry] of [
        ['calico-node-windows-', 'quay.io'],
        ['kube-proxy-windows-', 'registry-1.docker.io'],
      ] as const) {
        const pod = shown.pods.find((p) => p.name.startsWith(prefix) && p.nodeName === NODE);
        expect(pod?.phase, prefix).toBe('Pending');
        expect(['ErrImagePull', 'ImagePullBackOff']).toContain(pod?.waiting?.reason);
        expect(pod?.waiting?.message).toContain(`failed to do request: Head "https://${registry}/v2/`);
        expect(pod?.waiting?.message).toMatch(/": Forbidden$/);
      }
    },
    TIMEOUT,
  );
});
