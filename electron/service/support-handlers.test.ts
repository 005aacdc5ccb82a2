import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import { kubeconfigFor, nodeObject, startApiServer, type ApiServerDouble } from '../host/testing/api-server.js';
import { createTestPki, type TestPki } from '../host/testing/certs.js';
import { createService, type WinJoinService } from './create-service.js';
import { dispatch } from './dispatch.js';
import { fakeDeps, fakeStep } from './testing/fake-deps.js';
import { unzipAll } from '../host/bundle/testing/unzip.js';

let dir: string;
let service: WinJoinService;
let pki: TestPki;
let api: ApiServerDouble;

beforeAll(async () => {
  pki = await createTestPki();
  api = await startApiServer(pki);
  api.state.nodes.push(nodeObject('master', { podCidr: '192.168.0.0/24', os: 'linux' }));
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-support-'));
  service = await createService({ stateDir: dir, shell: 'preview', deps: fakeDeps() });
});
afterEach(async () => {
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function result<T>(envelope: unknown): T {
  expect(envelope).toMatchObject({ ok: true });
  return (envelope as { result: T }).result;
}

describe('cluster:probe', () => {
  it('reads the server version, the nodes and their pod CIDRs, and recommends the node version', async () => {
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, kubeconfigFor(api.url, pki));
    service.granted.grant(file);
    const probe = result<{
      ok: boolean;
      serverVersion: string;
      nodes: { name: string; podCidr: string }[];
      podCidrsAllocated: boolean;
      recommendedVersion: string;
    }>(await dispatch(service.handlers, 'cluster:probe', { kubeconfigPath: file }));
    expect(probe).toMatchObject({ ok: true, serverVersion: 'v1.9.1', podCidrsAllocated: true, recommendedVersion: '1.9.1' });
    expect(probe.nodes).toEqual([expect.objectContaining({ name: 'master', podCidr: '192.168.0.0/24' })]);
  });

  it('reports an unreachable cluster with a stable code instead of throwing', async () => {
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, kubeconfigFor('https://127.0.0.1:9', pki));
    service.granted.grant(file);
    const probe = result<{ ok: boolean; error: { code: string } }>(
      await dispatch(service.handlers, 'cluster:probe', { kubeconfigPath: file }),
    );
    expect(probe.ok).toBe(false);
    expect(probe.error.code).toMatch(/^E_/);
  });
});

describe('bundle:export and logs:openFolder', () => {
  it('writes a support bundle after a join and returns a ticket summary naming it', async () => {
    await service.engine.start(exampleAnswers()).done;
    const exported = result<{ path: string; bytes: number; ticketSummary: string }>(await dispatch(service.handlers, 'bundle:export', {}));
    expect(fs.statSync(exported.path).size).toBe(exported.bytes);
    expect(exported.ticketSummary).toContain(path.basename(exported.path));
    const names = await new Promise<string[]>((resolve, reject) =>
      yauzl.open(exported.path, { lazyEntries: true }, (error, zip) => {
        if (error || !zip) return reject(error);
        const seen: string[] = [];
        zip.on('entry', (entry: yauzl.Entry) => (seen.push(entry.fileName), zip.readEntry()));
        zip.on('end', () => resolve(seen));
        zip.readEntry();
      }),
    );
    expect(names).toEqual(expect.arrayContaining(['summary.md', 'journal.jsonl']));
  });

  it('holds the redacted answers and the last probe of a join whose answers were never saved, and is named after the node', async () => {
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, kubeconfigFor(api.url, pki));
    service.granted.grant(kubeconfig);
    result(await dispatch(service.handlers, 'cluster:probe', { kubeconfigPath: kubeconfig }));
    const answers = {
      ...exampleAnswers(),
      nodeName: 'win-node-7',
      proxy: {
        http: 'http://alice:pr0xy-s3cret@proxy.corp:8080',
        https: 'http://alice:pr0xy-s3cret@proxy.corp:8080',
        noProxy: [],
        addClusterRanges: true,
      },
    };
    service.granted.grant(answers.cluster.kubeconfigPath);
    result(await dispatch(service.handlers, 'join:start', { answers }));
    await service.engine.idle();
    expect(fs.existsSync(path.join(dir, 'answers.json'))).toBe(false);

    // Copy works before any export: the summary as it stands.
    const before = result<{ ticketSummary: string }>(await dispatch(service.handlers, 'bundle:summary', {}));
    expect(before.ticketSummary).toContain('Node: win-node-7;');

    const exported = result<{ path: string; ticketSummary: string }>(await dispatch(service.handlers, 'bundle:export', {}));
    expect(path.basename(exported.path)).toMatch(/^winjoin-bundle-win-node-7-/);
    const files = await unzipAll(exported.path);
    const saved = JSON.parse(files.get('answers.json')!.toString()) as { nodeName: string; proxy: { http: string } };
    expect(saved.nodeName).toBe('win-node-7');
    expect(saved.proxy.http).not.toContain('pr0xy-s3cret');
    expect(saved.proxy.http).toContain('proxy.corp:8080');
    expect(JSON.parse(files.get('cluster-probe.json')!.toString())).toMatchObject({ result: { ok: true, serverVersion: 'v1.9.1' } });
    for (const [name, data] of files) expect(data.toString().includes('pr0xy-s3cret'), name).toBe(false);
  });

  it('names the logs folder', async () => {
    const logs = result<{ path: string }>(await dispatch(service.handlers, 'logs:openFolder', {}));
    expect(logs.path).toBe(path.join(dir, 'logs'));
    expect(fs.existsSync(logs.path)).toBe(true);
  });
});

describe('system:restart', () => {
  it('is refused unless the join waits for a restart, and outside the desktop app on Windows', async () => {
    const marker = path.join(dir, 'restarted-once');
    const restarting = await createService({
      stateDir: path.join(dir, 'needs-restart'),
      shell: 'preview',
      deps: fakeDeps({ recipe: () => [fakeStep('docker', [], { restartOnceMarker: marker })] }),
    });
    // No join, then a finished one: the page cannot restart the server at will.
    expect(await dispatch(restarting.handlers, 'system:restart', { when: 'now' })).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_REQUEST', params: { field: 'phase' } },
    });
    await restarting.engine.start(exampleAnswers()).done;
    expect(restarting.engine.state()?.phase).toBe('restart-required');
    // In the restart-required phase the call gets through to the platform check (the preview cannot restart Windows).
    expect(await dispatch(restarting.handlers, 'system:restart', { when: 'now' })).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_REQUEST', message: expect.stringMatching(/desktop app on Windows/) },
    });
    await restarting.close();
  });

  it('restarts the simulated machine in a rehearsal instead of the computer', async () => {
    let restarts = 0;
    const marker = path.join(dir, 'rehearsed-restart');
    const rehearsed = await createService({
      stateDir: path.join(dir, 'r'),
      shell: 'preview',
      rehearsal: { scenario: 'happy' },
      deps: fakeDeps({
        recipe: () => [fakeStep('docker', [], { restartOnceMarker: marker })],
        startRehearsal: async () => ({
          scenario: 'happy',
          recipeContext: {},
          answersOverrides: {},
          executor: fakeDeps().executor(''),
          clusterKubeconfigPath: '/dev/null',
          restartMachine: () => void restarts++,
          show: async () => ({}),
          close: async () => undefined,
        }),
      }),
    });
    await rehearsed.engine.start(exampleAnswers()).done;
    expect(rehearsed.engine.state()?.phase).toBe('restart-required');
    const answer = result<{ simulated: boolean; restarting: boolean }>(
      await dispatch(rehearsed.handlers, 'system:restart', { when: 'now' }),
    );
    expect(answer).toEqual({ scheduled: false, restarting: true, simulated: true, restartAt: null });
    expect(restarts).toBe(1);
    await rehearsed.close();
  });
});
