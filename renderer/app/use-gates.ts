/** The gates of the current answers and join state, as zustand selectors feed them. */
import { useMemo } from 'react';
import { useDraftStore } from '../state/answers-store.js';
import { useEngineStore } from '../state/engine-store.js';
import { isPageDone, reachablePages, type PageId } from './pages.js';

export function useGates(): { reachable: Set<PageId>; done: (id: PageId) => boolean } {
  const draft = useDraftStore((s) => s.draft);
  const state = useEngineStore((s) => s.state);
  return useMemo(
    () => ({ reachable: reachablePages({ draft, state }), done: (id: PageId) => isPageDone(id, { draft, state }) }),
    [draft, state],
  );
}
