/**
 * The engine as the renderer sees it: app info, the join state and the
 * journal, mirrored from the bridge (join:state and journal:events events).
 * Pages read it through selectors; nothing here is edited by the user.
 */
import { create } from 'zustand';
import type { JournalEvent } from '../../shared/events.js';
import type { WinJoinClient } from '../../shared/ipc/client.js';
import type { CallResponse } from '../../shared/ipc/contract.js';
import { unpackJournalBatch, type JournalBatch } from '../../shared/ipc/journal-batch.js';
import type { JoinState } from '../../shared/state.js';
import { errorCode } from '../errors/error-code.js';
import { mergeEvents } from './journal-buffer.js';
import { latestProgress, type ProgressByStep } from './progress.js';

export type AppInfo = CallResponse<'app:info'>;

/** How long journal batches are gathered before the page applies them: a few renders a second, never a visible lag. */
export const EVENT_COALESCE_MS = 150;

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
  // A reply to join:state can arrive after the events of a fast run: it must not put an older snapshot back.
  setState: (state) => set((s) => (isOlderSnapshot(state, s.state) ? {} : { state })),
  addEvents: (batch) => set((s) => ({ events: mergeEvents(s.events, batch), progress: latestProgress(s.progress, batch) })),
}));

/** The same run, saved before the snapshot already shown (journalSeq only grows within a run). */
export function isOlderSnapshot(next: JoinState | null, current: JoinState | null): boolean {
  return next !== null && current !== null && next.runId === current.runId && next.journalSeq < current.journalSeq;
}

/** Listens for engine events, then catches up on what happened before; returns the unsubscribe. */
export function connectEngine(client: WinJoinClient, store = useEngineStore): () => void {
  const offState = client.on('join:state', (state) => store.getState().setState(state));
  // Batches arriving close together are applied as one: a flood sends twenty a second, and each
  // application re-renders and re-lays out the log, which took CPU the flood itself needed.
  // Batches stay packed (shared/ipc/journal-batch.ts) until then: a line becomes an event object once, when applied.
  let held: JournalBatch[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const apply = () => {
    timer = null;
    const batches = held;
    held = [];
    store.getState().addEvents(unpackJournalBatch(batches.length === 1 ? batches[0]! : batches.flat()));
  };
  const offEvents = client.on('journal:events', (batch) => {
    held.push(batch);
    timer ??= setTimeout(apply, EVENT_COALESCE_MS);
  });
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
    if (timer) clearTimeout(timer);
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
