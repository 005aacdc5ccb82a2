/**
 * The engine as the renderer sees it: app info, the join state and the
 * journal, mirrored from the bridge (join:state and journal:events events).
 * Pages read it through selectors; nothing here is edited by the user.
 */
import { create } from 'zustand';
import type { JournalEvent } from '../../shared/events.js';
import type { WinJoinClient } from '../../shared/ipc/client.js';
import type { CallResponse } from '../../shared/ipc/contract.js';
import type { JoinState } from '../../shared/state.js';
import { errorCode } from '../errors/error-code.js';
import { mergeEvents } from './journal-buffer.js';
import { latestProgress, type ProgressByStep } from './progress.js';

export type AppInfo = CallResponse<'app:info'>;

interface EngineStore {
  info: AppInfo | null;
  state: JoinState | null;
  events: JournalEvent[];
  /** Newest download progress per step, for the Join page's bars. */
  progress: ProgressByStep;
  /** Error code of the last failed connection attempt, shown as errors.<code>. */
  connectionError: string | null;
  setState(state: JoinState | null): void;
  addEvents(batch: readonly JournalEvent[]): void;
}

export const useEngineStore = create<EngineStore>((set) => ({
  info: null,
  state: null,
  events: [],
  progress: {},
  connectionError: null,
  setState: (state) => set({ state }),
  addEvents: (batch) => set((s) => ({ events: mergeEvents(s.events, batch), progress: latestProgress(s.progress, batch) })),
}));

/** Listens for engine events, then catches up on what happened before; returns the unsubscribe. */
export function connectEngine(client: WinJoinClient, store = useEngineStore): () => void {
  const offState = client.on('join:state', (state) => store.getState().setState(state));
  const offEvents = client.on('journal:events', (batch) => store.getState().addEvents(batch));
  void (async () => {
    try {
      const [info, state] = await Promise.all([client.call('app:info', {}), client.call('join:state', {})]);
      store.setState({ info, connectionError: null });
      if (state) store.getState().setState(state);
      await catchUp(client, store);
    } catch (error) {
      store.setState({ connectionError: errorCode(error) });
    }
  })();
  return () => {
    offState();
    offEvents();
  };
}

/** Reads the journal from the last seq held, in pages, so a reload shows the whole log. */
async function catchUp(client: WinJoinClient, store: typeof useEngineStore): Promise<void> {
  for (;;) {
    const afterSeq = store.getState().events.at(-1)?.seq ?? 0;
    const page = await client.call('journal:read', { afterSeq, limit: 5000 });
    store.getState().addEvents(page.events);
    if (page.events.length === 0 || (page.events.at(-1)?.seq ?? 0) >= page.lastSeq) return;
  }
}
