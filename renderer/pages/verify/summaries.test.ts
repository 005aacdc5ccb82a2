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
    expect(rows.find((r) => r.id === 'api-check')?.checks).toMatchObject([{ id: 'api', status: 'pass' }]);
    expect(verifyRows(null, events)).toEqual([]);
  });

  it('never calls a step with a warning "Passed", and lists the containerd-kubeadm checks for that recipe', () => {
    const ts = '2024-01-01T00:00:00Z';
    const kubeadm = {
      ...state,
      plan: { recipe: 'containerd-kubeadm', steps: [] },
      steps: [step('node-ready', 'done', 10), step('network-checks', 'done', 10)],
    } as unknown as JoinState;
    const events: JournalEvent[] = [
      { seq: 1, ts, runId: 'r2', type: 'step.check', stepId: 'network-checks', checkId: 'calico-hns-network', status: 'pass' },
      {
        seq: 2,
        ts,
        runId: 'r2',
        type: 'step.check',
        stepId: 'network-checks',
        checkId: 'kube-proxy-running',
        status: 'warn',
        detailKey: 'checkDetails.kube-proxy-running.warn',
        detailParams: { pod: 'kube-proxy-windows-x' },
      },
    ];
    const rows = verifyRows(kubeadm, events);
    expect(rows.map((r) => `${r.id}:${r.status}`)).toEqual([
      'node-ready:done',
      'network-checks:done-warn',
      'sample-service:not-planned',
      'port-mapping:not-planned',
    ]);
    expect(rows[1]!.checks[1]).toMatchObject({
      detailKey: 'checkDetails.kube-proxy-running.warn',
      detailParams: { pod: 'kube-proxy-windows-x' },
    });
  });
});

describe('finish summary', () => {
  it('counts outcomes and adds up step durations', () => {
    expect(finishSummary(state)).toEqual({
      phase: 'succeeded',
      done: 2,
      failed: 1,
      skipped: 1,
      totalMs: 3500,
      nodeName: null,
      recipe: 'docker-sdn',
      installDir: null,
    });
  });

  it('names the node the steps reported and the install directory the plan used', () => {
    const joined = {
      ...state,
      plan: { recipe: 'containerd-kubeadm', steps: [{ id: 'kube-binaries', params: { installDir: 'C:\\k' } }] },
      steps: [{ ...step('prerequisites', 'done', 5), facts: { nodeName: 'win-node-1', osBuild: 20348 } }],
    } as unknown as JoinState;
    expect(finishSummary(joined)).toMatchObject({ nodeName: 'win-node-1', recipe: 'containerd-kubeadm', installDir: 'C:\\k' });
    expect(finishSummary(null)).toBeNull();
  });
});
