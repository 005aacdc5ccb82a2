import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../shared/events.js';
import type { JoinState } from '../../../shared/state.js';
import { offersRemoval, resetProgress } from './reset-progress.js';

const at = { ts: '2026-12-03T06:00:00.000Z' };
const events: JournalEvent[] = [
  { ...at, seq: 1, runId: 'join', type: 'run.finished', outcome: 'succeeded' },
  {
    ...at,
    seq: 2,
    runId: 'reset',
    type: 'reset.started',
    joinRunId: 'join',
    recipe: 'docker-sdn',
    rehearsal: true,
    stepIds: ['kubelet', 'docker'],
    neverRan: [],
  },
  { ...at, seq: 3, runId: 'reset', type: 'step.started', stepId: 'kubelet', attempt: 1 },
];

describe('resetProgress', () => {
  it('follows its own reset only: the steps once started, the outcome once finished', () => {
    expect(resetProgress(events, 'reset')).toEqual({ stepIds: ['kubelet', 'docker'], outcome: null });
    const finished: JournalEvent = {
      ...at,
      seq: 4,
      runId: 'reset',
      type: 'reset.finished',
      outcome: 'incomplete',
      failed: ['kubelet'],
      held: [],
    };
    expect(resetProgress([...events, finished], 'reset').outcome).toBe('incomplete');
    expect(resetProgress([...events, finished], 'other')).toEqual({ stepIds: [], outcome: null });
  });
});

describe('offersRemoval', () => {
  it('offers to remove a join that is not running, and nothing without one', () => {
    expect(offersRemoval(null)).toBe(false);
    expect(offersRemoval({ phase: 'running' } as JoinState)).toBe(false);
    expect(offersRemoval({ phase: 'succeeded' } as JoinState)).toBe(true);
    expect(offersRemoval({ phase: 'failed' } as JoinState)).toBe(true);
  });
});
