import { describe, expect, it } from 'vitest';
import type { JournalEvent } from './events.js';
import type { JoinState } from './state.js';
import { bundleFileName, ticketSummary } from './ticket-summary.js';

function state(overrides: Partial<JoinState['steps'][number]> = {}): JoinState {
  const step = (id: 'docker' | 'kubelet', status: JoinState['steps'][number]['status']) => ({
    id,
    status,
    attempts: 1,
    startedAt: null,
    endedAt: null,
    durationMs: 1000,
    exitCode: null,
    error: null,
    knownProblems: [],
    facts: {},
  });
  return {
    schema: 1,
    runId: 'run-1',
    phase: 'failed',
    rehearsal: false,
    scenario: null,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    plan: { recipe: 'docker-sdn', answersHash: 'x', downloadSettings: { proxy: null, offlineSource: null, extraCaFile: null }, steps: [] },
    secrets: [],
    steps: [
      step('docker', 'done'),
      {
        ...step('kubelet', 'failed'),
        attempts: 2,
        exitCode: 1,
        error: { code: 'E_STEP_TIMEOUT', message: 'm' },
        knownProblems: ['KP-T14-POD-CIDR-WAIT'],
        ...overrides,
      },
    ],
    journalSeq: 10,
  };
}

describe('ticketSummary', () => {
  it('names the failure, its known problem and the bundle', () => {
    const text = ticketSummary(state(), 'winjoin-bundle-win1-20240101-000000.zip');
    expect(text).toContain('WinJoin join failed: 1/2 steps done, recipe docker-sdn, run run-1.');
    expect(text).toContain('First failure: step kubelet (attempt 2, exit code 1) E_STEP_TIMEOUT.');
    expect(text).toContain('Known problem: KP-T14-POD-CIDR-WAIT - The node never got a pod CIDR');
    expect(text).toContain('Support bundle: winjoin-bundle-win1-20240101-000000.zip');
  });

  it('says the node, the Windows build, the Kubernetes version and the cause in one line with real values', () => {
    const s = state({
      facts: {},
      error: { code: 'E_SCRIPT_ERROR', message: 'm' },
      knownProblems: ['KP-T14-POD-CIDR-WAIT', 'KP-WJ-SCRIPT-ERROR'],
    });
    s.steps[0]!.facts = { osBuild: 16299 };
    s.steps[0]!.id = 'prerequisites';
    s.plan.steps = [
      { id: 'binaries', params: { kubernetesVersion: 'v1.9.1' } },
      { id: 'kubelet', params: { nodeName: 'win-1' } },
    ] as never;
    const events = [
      { seq: 1, ts: 't', runId: 'run-1', type: 'step.started', stepId: 'kubelet', attempt: 2 },
      {
        seq: 2,
        ts: 't',
        runId: 'run-1',
        type: 'step.check',
        stepId: 'kubelet',
        checkId: 'node-ready',
        status: 'fail',
        detailKey: 'checkDetails.node-ready.noPodCidr',
        detailParams: { node: 'win-1', seconds: '300' },
      },
    ] as JournalEvent[];
    const text = ticketSummary(s, undefined, events);
    expect(text).toContain('Node: win-1; Windows build: 16299; Kubernetes: node v1.9.1.');
    expect(text).toContain('Cause: Node win-1 registered but never got a pod CIDR');
    // The catch-all is not listed beside the specific match.
    expect(text).not.toContain('KP-WJ-SCRIPT-ERROR');
  });

  it('says when nothing ran', () => {
    expect(ticketSummary(null)).toBe('WinJoin: no join has run in this state directory.');
  });
});

describe('bundleFileName', () => {
  it('is safe and sortable', () => {
    expect(bundleFileName('WIN_Node 1', new Date('2024-03-07T10:01:02.345Z'))).toBe('winjoin-bundle-win-node-1-20240307-100102.zip');
    expect(bundleFileName('../..', new Date(0))).toBe('winjoin-bundle-machine-19700101-000000.zip');
  });
});
