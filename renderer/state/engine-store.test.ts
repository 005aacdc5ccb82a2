import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/events.js';
import { RemoteError, type WinJoinClient } from '../../shared/ipc/client.js';
import type { JoinState } from '../../shared/state.js';
import { connectEngine, useEngineStore } from './engine-store.js';

const ev = (seq: number): JournalEvent => ({ seq, ts: '2024-01-01T00:00:00Z', runId: 'r', type: 'note', level: 'info', key: `k${seq}` });
const info = {
  version: '1',
  shell: 'preview' as const,
  platform: 'linux',
  stateDir: '/s',
  rehearsal: { enabled: true, scenario: 'happy', scenarios: ['happy'] },
};

/** A client whose journal holds seq 1..5 and that lets the test push events. */
function fakeClient(options: { fail?: boolean } = {}) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const journal = [1, 2, 3, 4, 5].map(ev);
  const client = {
    async call(channel: string, request: { afterSeq?: number; limit?: number }) {
      if (options.fail) throw new RemoteError('E_STATE_CORRUPT', 'bad state');
      if (channel === 'app:info') return info;
      if (channel === 'join:state') return { phase: 'running', runId: 'r' };
      if (channel === 'journal:read') {
        const page = journal.filter((e) => e.seq > (request.afterSeq ?? 0)).slice(0, 2);
        return { events: page, lastSeq: 5 };
      }
      throw new Error(channel);
    },
    on(event: string, listener: (payload: unknown) => void) {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  } as unknown as WinJoinClient;
  return { client, listeners };
}

function freshStore() {
  useEngineStore.setState({ info: null, state: null, events: [], connectionError: null });
  return useEngineStore;
}

describe('engine mirror', () => {
  it('loads app info and state, catches up on the whole journal page by page, then follows events', async () => {
    const store = freshStore();
    const { client, listeners } = fakeClient();
    const stop = connectEngine(client, store);
    await expect.poll(() => store.getState().events.length).toBe(5);
    expect(store.getState().info?.rehearsal.enabled).toBe(true);
    expect(store.getState().state?.phase).toBe('running');
    listeners.get('journal:events')?.([ev(5), ev(6)]);
    listeners.get('join:state')?.({ phase: 'failed', runId: 'r' } as JoinState);
    expect(store.getState().state?.phase).toBe('failed');
    await expect.poll(() => store.getState().events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('applies batches that arrive close together as one update, in order', async () => {
    const store = freshStore();
    const { client, listeners } = fakeClient();
    const stop = connectEngine(client, store);
    await expect.poll(() => store.getState().events.length).toBe(5);
    let updates = 0;
    const unsubscribe = store.subscribe((now, before) => {
      if (now.events !== before.events) updates++;
    });
    listeners.get('journal:events')?.([ev(6), ev(7)]);
    listeners.get('journal:events')?.([ev(8)]);
    listeners.get('journal:events')?.([ev(9), ev(10)]);
    expect(store.getState().events).toHaveLength(5);
    await expect.poll(() => store.getState().events.length).toBe(10);
    expect(store.getState().events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(updates).toBe(1);
    unsubscribe();
    stop();
  });

  it('keeps the newer snapshot of a run when an older one arrives late (a join:state reply after the run moved on)', () => {
    const store = freshStore();
    const snapshot = (phase: JoinState['phase'], journalSeq: number, runId = 'r') => ({ phase, runId, journalSeq }) as JoinState;
    store.getState().setState(snapshot('restart-required', 40));
    store.getState().setState(snapshot('running', 12));
    expect(store.getState().state?.phase).toBe('restart-required');
    store.getState().setState(snapshot('running', 41));
    expect(store.getState().state?.phase).toBe('running');
    // Another run replaces it whatever its numbers.
    store.getState().setState(snapshot('idle', 3, 'r2'));
    expect(store.getState().state).toMatchObject({ runId: 'r2', phase: 'idle' });
  });

  it('keeps the error code when the back end cannot be reached', async () => {
    const store = freshStore();
    connectEngine(fakeClient({ fail: true }).client, store);
    await expect.poll(() => store.getState().connectionError).toBe('E_STATE_CORRUPT');
  });
});
