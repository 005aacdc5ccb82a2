import { describe, expect, it } from 'vitest';
import type { JoinState } from '../../../shared/state.js';
import { resumeOffer, typedSecrets } from './resume-offer.js';

const state = (phase: JoinState['phase']) => ({ phase }) as JoinState;

describe('resume offer', () => {
  it('offers to continue a join that did not finish, not one that succeeded or never started', () => {
    expect(resumeOffer(null)).toBeNull();
    expect(resumeOffer(state('succeeded'))).toBeNull();
    expect(resumeOffer(state('idle'))).toBeNull();
    for (const phase of ['failed', 'cancelled', 'restart-required', 'running'] as const) expect(resumeOffer(state(phase))).toBe(phase);
  });
});

describe('typed secrets to ask for again', () => {
  it('lists only secrets typed in the wizard whose masked form was saved', () => {
    const saved = {
      secrets: [
        { field: 'proxy.http', source: { entered: true }, hint: 'http://ops:***@proxy.corp:8080' },
        { field: 'proxy.https', source: { entered: true } },
        { field: 'join.token', source: { fromEnv: 'WINJOIN_JOIN_TOKEN' } },
      ],
    } as unknown as JoinState;
    expect(typedSecrets(saved)).toEqual([{ field: 'proxy.http', hint: 'http://ops:***@proxy.corp:8080' }]);
    expect(typedSecrets(null)).toEqual([]);
  });
});
