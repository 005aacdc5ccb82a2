import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../shared/events.js';
import type { JoinState } from '../../../shared/state.js';
import { filterLines, linesToText, toLogLine, type LogLine } from './log-lines.js';
import { formatDuration, timelineRows } from './timeline.js';

const ts = '2024-05-01T10:00:00.000Z';
const events: JournalEvent[] = [
  { seq: 1, ts, runId: 'r', type: 'run.started', resumed: false, rehearsal: true, stepIds: ['docker', 'proxy'] },
  { seq: 2, ts, runId: 'r', type: 'step.output', stepId: 'docker', stream: 'stdout', line: 'Installing Docker' },
  { seq: 3, ts, runId: 'r', type: 'step.output', stepId: 'docker', stream: 'stderr', line: 'retrying download' },
  {
    seq: 4,
    ts,
    runId: 'r',
    type: 'step.finished',
    stepId: 'docker',
    status: 'failed',
    durationMs: 5000,
    error: { code: 'E_STEP_FAILED', message: 'x' },
  },
  { seq: 5, ts, runId: 'r', type: 'step.output', stepId: 'proxy', stream: 'stdout', line: 'proxy set' },
];
const lines = events.map(toLogLine);
const render = (l: LogLine) => l.text ?? `${l.key} ${JSON.stringify(l.params ?? {})}`;

describe('log lines', () => {
  it('keeps script output verbatim and gives other events a key and a level', () => {
    expect(lines[1]).toMatchObject({ stepId: 'docker', level: 'info', text: 'Installing Docker' });
    expect(lines[2]?.level).toBe('warn');
    expect(lines[3]).toMatchObject({ level: 'error', key: 'log.stepOutcome.failed', error: { code: 'E_STEP_FAILED' } });
    expect(lines[0]).toMatchObject({ stepId: null, key: 'log.runStarted' });
  });

  it('gives progress without a percentage only its message', () => {
    const wait = toLogLine({
      seq: 9,
      ts,
      runId: 'r',
      type: 'step.progress',
      stepId: 'kubelet',
      percent: null,
      message: 'Waiting for node',
    });
    expect(wait).toMatchObject({ key: 'log.progressMessage', params: { message: 'Waiting for node' } });
    const download = toLogLine({ seq: 10, ts, runId: 'r', type: 'step.progress', stepId: 'kubelet', percent: 40, message: 'nssm.zip' });
    expect(download).toMatchObject({ key: 'log.progress', params: { percent: 40 } });
  });

  it("takes a service log line's level from its klog severity letter", () => {
    const service = (line: string) =>
      toLogLine({ seq: 11, ts, runId: 'r', type: 'step.output', stepId: 'kubelet', stream: 'service', line });
    expect(service('I0501 10:00:00.000000 4242 kubelet.go:1850] SyncLoop (PLEG)')).toMatchObject({ level: 'info', stepId: 'kubelet' });
    expect(service('W0501 10:00:00.000000 4242 cni.go:189] Unable to update cni config')).toMatchObject({ level: 'warn' });
    expect(service('E0501 10:00:00.000000 4242 kubelet.go:2105] Container runtime network not ready')).toMatchObject({ level: 'error' });
    expect(service('F0501 10:00:00.000000 4242 server.go:233] failed to run Kubelet')).toMatchObject({ level: 'error' });
    // start-kubelet.ps1's own lines carry no severity; an "E" that is not klog's is not an error.
    expect(service('Waiting to discover pod CIDR')).toMatchObject({ level: 'info', text: 'Waiting to discover pod CIDR' });
    expect(service('Error is not a klog prefix')).toMatchObject({ level: 'info' });
  });

  it('filters by step, by minimum level and by search text', () => {
    const all = { stepId: 'all', level: 'all', search: '' } as const;
    expect(filterLines(lines, { ...all, stepId: 'proxy' }, render).map((l) => l.seq)).toEqual([5]);
    expect(filterLines(lines, { ...all, level: 'warn' }, render).map((l) => l.seq)).toEqual([3, 4]);
    expect(filterLines(lines, { ...all, search: 'DOCKER' }, render).map((l) => l.seq)).toEqual([2]);
  });

  it('copies lines as text with time, step and level', () => {
    expect(linesToText([lines[2]!], render)).toBe(`${ts} [docker] WARN retrying download`);
  });
});

describe('timeline', () => {
  const state = {
    phase: 'failed',
    steps: [
      {
        id: 'docker',
        status: 'failed',
        attempts: 1,
        startedAt: ts,
        endedAt: ts,
        durationMs: 5000,
        exitCode: 1,
        error: { code: 'E_STEP_FAILED', message: 'x' },
        knownProblems: ['KP-1'],
        facts: {},
      },
      {
        id: 'proxy',
        status: 'pending',
        attempts: 0,
        startedAt: null,
        endedAt: null,
        durationMs: null,
        exitCode: null,
        error: null,
        knownProblems: [],
        facts: {},
      },
    ],
  } as unknown as JoinState;

  it('shows each step with status, duration, error and whether it can be retried', () => {
    expect(timelineRows(state)).toEqual([
      {
        id: 'docker',
        status: 'failed',
        durationMs: 5000,
        attempts: 1,
        errorCode: 'E_STEP_FAILED',
        knownProblems: ['KP-1'],
        canRetry: true,
      },
      { id: 'proxy', status: 'pending', durationMs: null, attempts: 0, errorCode: null, knownProblems: [], canRetry: false },
    ]);
    expect(timelineRows({ ...state, phase: 'running' })[0]?.canRetry).toBe(false);
    expect(timelineRows(null)).toEqual([]);
  });

  it('counts a running step from its start', () => {
    const running = { ...state, phase: 'running', steps: [{ ...state.steps[1]!, status: 'running', startedAt: ts }] } as JoinState;
    expect(timelineRows(running, Date.parse(ts) + 7000)[0]?.durationMs).toBe(7000);
  });

  it('formats durations the same in every language', () => {
    expect(formatDuration(7000)).toBe('0:07');
    expect(formatDuration(723_000)).toBe('12:03');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('');
  });
});
