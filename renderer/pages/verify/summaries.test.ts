import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../shared/events.js';
import type { JoinState } from '../../../shared/state.js';
import { finishSummary } from '../finish/finish-summary.js';
import { verifyRows } from './verify-summary.js';

const step = (id: string, status: string, durationMs: number | null) => ({ id, status, durationMs });
const state = {
  runId: 'r2',
  phase: 'succeeded',
  steps: [
    step('docker', 'done', 1000),
    step('api-check', 'done', 2000),
    step('network-checks', 'failed', 500),
    step('sample-service', 'skipped', null),
  ],
} as unknown as JoinState;

describe('verify rows', () => {
  it('lists the verification steps with this run’s latest check results', () => {
    const ts = '2024-01-01T00:00:00Z';
    const events: JournalEvent[] = [
      { seq: 1, ts, runId: 'r1', type: 'step.check', stepId: 'api-check', checkId: 'old', status: 'fail' },
      { seq: 2, ts, runId: 'r2', type: 'step.check', stepId: 'api-check', checkId: 'api', status: 'warn' },
      { seq: 3, ts, runId: 'r2', type: 'step.check', stepId: 'api-check', checkId: 'api', status: 'pass' },
    ];
    const rows = verifyRows(state, events);
    expect(rows.map((r) => `${r.id}:${r.status}`)).toEqual([
      'kubelet:not-planned',
      'api-check:done',
      'network-checks:failed',
      'sample-service:skipped',
      'port-mapping:not-planned',
    ]);
    expect(rows.find((r) => r.id === 'api-check')?.checks).toEqual([{ id: 'api', status: 'pass', detail: undefined }]);
    expect(verifyRows(null, events)).toEqual([]);
  });
});

describe('finish summary', () => {
  it('counts outcomes and adds up step durations', () => {
    expect(finishSummary(state)).toEqual({ phase: 'succeeded', done: 2, failed: 1, skipped: 1, totalMs: 3500 });
    expect(finishSummary(null)).toBeNull();
  });
});
