import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import type { JournalEvent } from '../../shared/events.js';
import { unpackJournalBatch, type JournalBatch } from '../../shared/ipc/journal-batch.js';
import { createService, type WinJoinService } from './create-service.js';
import { dispatch } from './dispatch.js';
import { fakeDeps } from './testing/fake-deps.js';

let dir: string;
let service: WinJoinService;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-service-'));
  service = await createService({ stateDir: dir, shell: 'preview', deps: fakeDeps() });
  // As if the user had picked the example's kubeconfig in the native dialog.
  service.granted.grant(exampleAnswers().cluster.kubeconfigPath);
});
afterEach(async () => {
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('dispatch over the service handlers', () => {
  it('refuses unknown channels and invalid payloads with stable codes', async () => {
    expect(await dispatch(service.handlers, 'fs:readFile', {})).toMatchObject({ ok: false, error: { code: 'E_INVALID_REQUEST' } });
    const bad = await dispatch(service.handlers, 'join:start', { answers: { ...exampleAnswers(), nodeName: 'UPPER' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'E_INVALID_ANSWERS' } });
    expect(JSON.parse((bad as unknown as { error: { params: { fields: string } } }).error.params.fields)[0]).toMatchObject({
      field: 'answers.nodeName',
      key: 'validation.nodeName',
    });
    expect(await dispatch(service.handlers, 'journal:read', { afterSeq: -1, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_REQUEST' },
    });
  });

  it('never lets a stack trace cross the boundary', async () => {
    const broken = { ...service.handlers, 'app:info': async () => Promise.reject(new TypeError('x is undefined')) };
    const envelope = await dispatch(broken, 'app:info', {});
    expect(envelope).toEqual({ ok: false, error: { code: 'E_INTERNAL', message: 'x is undefined' } });
  });

  it('starts a join, streams journal batches and reads the journal back', async () => {
    const batches: JournalBatch[] = [];
    service.subscribe('journal:events', (batch) => batches.push(batch));
    const started = await dispatch(service.handlers, 'join:start', { answers: exampleAnswers() });
    expect(started.ok).toBe(true);
    await service.engine.idle();
    const read = await dispatch(service.handlers, 'journal:read', { afterSeq: 0, limit: 1000 });
    const events = (read as { ok: true; result: { events: JournalEvent[] } }).result.events;
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', outcome: 'succeeded' });
    // The batches carry the journal, packed for the wire: unpacked, they are the events read back.
    expect(unpackJournalBatch(batches.flat())).toEqual(events);
    const state = await dispatch(service.handlers, 'join:state', {});
    expect(state).toMatchObject({ ok: true, result: { phase: 'succeeded' } });
  });

  it('masks proxy credentials in the plan preview', async () => {
    const answers = {
      ...exampleAnswers(),
      proxy: {
        http: 'http://alice:Sup3rSecret@proxy.corp.example:8080',
        https: 'http://alice:Sup3rSecret@proxy.corp.example:8080',
        noProxy: [],
        addClusterRanges: true,
      },
    };
    const envelope = await dispatch(service.handlers, 'plan:preview', { answers });
    expect(envelope.ok).toBe(true);
    const text = JSON.stringify(envelope);
    expect(text).not.toContain('Sup3rSecret');
    expect(text).toContain('http://alice:***@proxy.corp.example:8080');
  });

  it('quotes no secret in an invalid-answers error, and keeps the plan in join:state sealed', async () => {
    const bad = {
      ...exampleAnswers(),
      proxy: {
        http: 'http://ops:ErrCanary%2F1@proxy.corp.example',
        https: 'http://ops:ErrCanary%2F1@proxy.corp.example:8080',
        noProxy: [],
      },
      join: { token: 'abcdef.ERRCANARY0000000', caCertHash: null, apiServerEndpoint: null },
    };
    const refused = await dispatch(service.handlers, 'join:start', { answers: bad });
    expect(refused).toMatchObject({ ok: false, error: { code: 'E_INVALID_ANSWERS' } });
    expect(JSON.stringify(refused)).toContain('proxy.http');
    for (const leak of ['ErrCanary', 'ERRCANARY']) expect(JSON.stringify(refused)).not.toContain(leak);

    const proxy = 'http://ops:JoinCanary%2F2@proxy.corp.example:8080';
    await dispatch(service.handlers, 'join:start', { answers: { ...exampleAnswers(), proxy: { http: proxy, https: proxy, noProxy: [] } } });
    await service.engine.idle();
    const state = JSON.stringify(await dispatch(service.handlers, 'join:state', {}));
    expect(state).toContain('[[winjoin-secret:proxy.http]]');
    expect(state).not.toContain('JoinCanary');
  });

  it('stores an imported kubeconfig under a safe name, readable by the owner only', async () => {
    const envelope = await dispatch(service.handlers, 'kubeconfig:import', { fileName: '../../etc/pass wd', content: 'apiVersion: v1\n' });
    const file = (envelope as { ok: true; result: { path: string } }).result.path;
    expect(path.dirname(file)).toBe(path.join(dir, 'uploads'));
    expect(path.basename(file)).toBe('pass_wd');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('checks cluster readiness for containerd-kubeadm only, with the answers as the join would use them', async () => {
    const seen: unknown[] = [];
    const readinessService = await createService({
      stateDir: dir,
      shell: 'preview',
      deps: {
        ...fakeDeps(),
        clusterReadiness: async (answers, apply) => {
          seen.push({ recipe: answers.recipe, apply });
          return { checks: [], changes: [], applied: [], credentials: null, error: null, knownProblems: [], serverVersion: 'v1.35.1' };
        },
      },
    });
    try {
      readinessService.granted.grant(exampleAnswers().cluster.kubeconfigPath);
      const docker = await dispatch(readinessService.handlers, 'cluster:readiness', { answers: exampleAnswers() });
      expect(docker).toMatchObject({ ok: false, error: { code: 'E_INVALID_REQUEST', params: { field: 'answers.recipe' } } });
      const modern = { ...exampleAnswers('containerd-kubeadm'), cluster: { kubeconfigPath: exampleAnswers().cluster.kubeconfigPath } };
      const ok = await dispatch(readinessService.handlers, 'cluster:readiness', { answers: modern, apply: ['calico-ippool'] });
      expect(ok).toMatchObject({ ok: true, result: { serverVersion: 'v1.35.1' } });
      const unknownCheck = await dispatch(readinessService.handlers, 'cluster:readiness', { answers: modern, apply: ['rm-rf'] });
      expect(unknownCheck).toMatchObject({ ok: false, error: { code: 'E_INVALID_REQUEST' } });
      expect(seen).toEqual([{ recipe: 'containerd-kubeadm', apply: ['calico-ippool'] }]);
    } finally {
      await readinessService.close();
    }
  });

  it('takes only files the user chose: a raw path, an offline source or a drive-root install directory is refused', async () => {
    const refused = async (channel: string, payload: unknown, field: string) =>
      expect(await dispatch(service.handlers, channel, payload)).toMatchObject({
        ok: false,
        error: { code: 'E_INVALID_REQUEST', params: { field } },
      });
    await refused('kubeconfig:inspect', { path: '/etc/shadow' }, 'path');
    await refused('cluster:probe', { kubeconfigPath: '/root/.kube/config' }, 'kubeconfigPath');
    const other = { ...exampleAnswers(), cluster: { kubeconfigPath: 'C:\\Users\\other\\admin.conf' } };
    await refused('join:start', { answers: other }, 'cluster.kubeconfigPath');
    await refused('plan:preview', { answers: other }, 'cluster.kubeconfigPath');
    await refused('preflight:run', { answers: other }, 'cluster.kubeconfigPath');
    await refused(
      'cluster:readiness',
      { answers: { ...exampleAnswers('containerd-kubeadm'), cluster: other.cluster } },
      'cluster.kubeconfigPath',
    );
    const offline = { ...exampleAnswers(), downloads: { offlineSource: 'C:\\Users\\Public\\offline', extraCaFile: null } };
    await refused('join:start', { answers: offline }, 'downloads.offlineSource');
    const ca = { ...exampleAnswers(), downloads: { offlineSource: null, extraCaFile: 'C:\\Users\\Public\\ca.pem' } };
    await refused('join:start', { answers: ca }, 'downloads.extraCaFile');
    await refused('join:start', { answers: { ...exampleAnswers(), installDir: 'D:\\' } }, 'installDir');
    expect(service.engine.state()).toBeNull();
    // An uploaded kubeconfig is one the user chose: inspecting it is fine.
    const upload = await dispatch(service.handlers, 'kubeconfig:import', { fileName: 'admin.conf', content: 'apiVersion: v1\n' });
    const uploaded = (upload as { ok: true; result: { path: string } }).result.path;
    expect(await dispatch(service.handlers, 'kubeconfig:inspect', { path: uploaded })).toMatchObject({ ok: true });
  });

  it('validates answers with field errors', async () => {
    const envelope = await dispatch(service.handlers, 'answers:validate', { answers: { version: 1 } });
    const result = (envelope as { ok: true; result: { ok: boolean; errors: { field: string }[] } }).result;
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['cluster', 'network']));
  });
});
