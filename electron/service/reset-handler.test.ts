import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import type { JournalEvent } from '../../shared/events.js';
import { unpackJournalBatch } from '../../shared/ipc/journal-batch.js';
import { createService, type WinJoinService } from './create-service.js';
import { dispatch } from './dispatch.js';
import { fakeDeps, fakeStep } from './testing/fake-deps.js';

let dir: string;
let service: WinJoinService;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-reset-ipc-'));
  service = await createService({
    stateDir: dir,
    shell: 'preview',
    deps: fakeDeps({ recipe: () => [fakeStep('prerequisites', []), { ...fakeStep('docker', ['prerequisites']), changesMachine: true }] }),
  });
});
afterEach(async () => {
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('join:reset', () => {
  it('undoes the join with its events on journal:events, then there is no join and nothing to reset', async () => {
    const live: JournalEvent[] = [];
    service.subscribe('journal:events', (batch) => live.push(...unpackJournalBatch(batch)));
    expect(await (await service.start(exampleAnswers())).done).toBe('succeeded');

    const reset = await dispatch(service.handlers, 'join:reset', {});
    expect(reset).toMatchObject({ ok: true, result: { runId: expect.any(String) } });
    const runId = (reset as { result: { runId: string } }).result.runId;
    await service.engine.idle();
    const ofReset = live.filter((e) => e.runId === runId);
    expect(ofReset.map((e) => e.type)).toEqual([
      'reset.started',
      'step.started',
      'step.output',
      'step.output',
      'step.finished',
      'reset.finished',
    ]);
    expect(ofReset.at(-1)).toMatchObject({ type: 'reset.finished', outcome: 'succeeded' });

    expect(await dispatch(service.handlers, 'join:state', {})).toEqual({ ok: true, result: null });
    expect(await dispatch(service.handlers, 'join:reset', {})).toEqual({ ok: true, result: { runId: null } });
  });

  it('refuses a payload the contract does not define', async () => {
    expect(await dispatch(service.handlers, 'join:reset', { force: true })).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_REQUEST' },
    });
  });
});
