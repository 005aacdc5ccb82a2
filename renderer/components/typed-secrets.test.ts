import { describe, expect, it } from 'vitest';
import type { JoinState } from '../../shared/state.js';
import { typedSecrets } from './typed-secrets.js';

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
