import { describe, expect, it } from 'vitest';
import type { JoinState } from '../../../shared/state.js';
import { joinSummary } from './join-summary.js';

function step(id: string, status: string, startedAt: string | null, endedAt: string | null) {
  return { id, status, attempts: 1, startedAt, endedAt, durationMs: null, exitCode: null, error: null, knownProblems: [], facts: {} };
}

const state = (phase: string, steps: ReturnType<typeof step>[]) => ({ phase, steps }) as unknown as JoinState;
const at = (s: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, s)).toISOString();

describe('joinSummary', () => {
  it('counts done and skipped steps, names the running ones and runs the clock from the first start', () => {
    const running = state('running', [
      step('docker', 'done', at(0), at(10)),
      step('proxy', 'skipped', at(10), at(11)),
      step('images', 'running', at(11), null),
      step('cni', 'running', at(12), null),
      step('kubelet', 'pending', null, null),
    ]);
    expect(joinSummary(running, Date.parse(at(40)))).toEqual({ done: 2, total: 5, elapsedMs: 40_000, running: ['images', 'cni'] });
  });

  it('stops the clock at the last end once the join stopped, and reads zero before anything started', () => {
    const failed = state('failed', [step('docker', 'done', at(0), at(10)), step('proxy', 'failed', at(10), at(25))]);
    expect(joinSummary(failed, Date.parse(at(59))).elapsedMs).toBe(25_000);
    expect(joinSummary(state('running', [step('docker', 'pending', null, null)]), Date.parse(at(5))).elapsedMs).toBe(0);
  });
});
