import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import { fakeExecutor, fakeStep } from '../join/testing/fake-steps.js';
import { createService } from '../service/create-service.js';
import { dispatch } from '../service/dispatch.js';
import { fakeDeps } from '../service/testing/fake-deps.js';
import { resumeAfterRestart } from './resume-after-restart.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-resume-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('resume after restart', () => {
  it('removes the scheduled task and resumes a join that stopped for a restart', async () => {
    const scripts: unknown[] = [];
    const deps = fakeDeps({
      recipe: () => [fakeStep('docker', [], { restartOnceMarker: path.join(dir, 'rebooted') }), fakeStep('proxy', ['docker'])],
      executor: () => fakeExecutor,
      runSystemScript: async (script, params) => void scripts.push([script, params]),
    });
    const before = await createService({ stateDir: dir, shell: 'electron', deps });
    expect(await before.engine.start(exampleAnswers()).done).toBe('restart-required');
    await before.close();

    const after = await createService({ stateDir: dir, shell: 'electron', deps });
    expect(await resumeAfterRestart(after, deps)).toBe('resumed');
    await after.engine.idle();
    expect(after.engine.state()!.phase).toBe('succeeded');
    expect(scripts).toEqual([['Register-WinJoinResume.ps1', { ExePath: 'unused', Remove: true }]]);
    await after.close();
  });

  it('leaves a join whose wizard-typed proxy password was never saved for the Welcome page, which names the field', async () => {
    const deps = fakeDeps({
      recipe: (answers) => [
        fakeStep('docker', [], { restartOnceMarker: path.join(dir, 'rebooted') }),
        { ...fakeStep('proxy', ['docker']), params: { http: answers.proxy?.http ?? null } },
      ],
      runSystemScript: async () => undefined,
    });
    const proxy = 'http://ops:Typed-Canary@proxy.corp.example:8080/';
    const before = await createService({ stateDir: dir, shell: 'electron', deps });
    const answers = { ...exampleAnswers(), proxy: { http: proxy, https: proxy, noProxy: [], addClusterRanges: true } };
    expect(await before.engine.start(answers).done).toBe('restart-required');
    await before.close();

    const after = await createService({ stateDir: dir, shell: 'electron', deps });
    expect(await resumeAfterRestart(after, deps)).toBe('secret-unavailable');
    expect(after.engine.state()!.phase).toBe('restart-required');
    const refused = await dispatch(after.handlers, 'join:resume', {});
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'E_SECRET_UNAVAILABLE', params: { field: 'proxy.http', context: 'entered' } },
    });
    await after.close();
  });

  it('leaves a failed join alone', async () => {
    const deps = fakeDeps({ recipe: () => [fakeStep('docker', [], { failWhileFileExists: __filename })] });
    const service = await createService({ stateDir: dir, shell: 'electron', deps });
    await service.engine.start(exampleAnswers()).done;
    expect(await resumeAfterRestart(service, deps)).toBe('nothing-to-resume');
    expect(service.engine.state()!.phase).toBe('failed');
    await service.close();
  });
});
