import { describe, expect, it } from 'vitest';
import type { JoinState } from '../../../shared/state.js';
import { resumeOffer } from './resume-offer.js';

const state = (phase: JoinState['phase']) => ({ phase }) as JoinState;

describe('resume offer', () => {
  it('offers to continue a join that did not finish, not one that succeeded or never started', () => {
    expect(resumeOffer(null)).toBeNull();
    expect(resumeOffer(state('succeeded'))).toBeNull();
    expect(resumeOffer(state('idle'))).toBeNull();
    for (const phase of ['failed', 'cancelled', 'restart-required', 'running'] as const) expect(resumeOffer(state(phase))).toBe(phase);
  });
});
