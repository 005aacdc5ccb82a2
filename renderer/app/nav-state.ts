/**
 * What the step list shows beside each page: done, running, failed, needs
 * attention, still to do, or not reachable yet. Derived from the gates and
 * the join's phase every time, like Next, so it cannot drift from the pages.
 */
import type { JoinState } from '../../shared/state.js';
import { PAGE_IDS, type PageId } from './pages.js';

export type NavState = 'done' | 'running' | 'failed' | 'warning' | 'todo' | 'locked';

export interface NavInput {
  current: PageId;
  reachable: ReadonlySet<PageId>;
  done(id: PageId): boolean;
  phase: JoinState['phase'] | undefined;
}

export function navState(id: PageId, { current, reachable, done, phase }: NavInput): NavState {
  if (!reachable.has(id)) return 'locked';
  if (id === 'join' && phase) {
    if (phase === 'running') return 'running';
    if (phase === 'failed') return 'failed';
    if (phase === 'cancelled' || phase === 'restart-required') return 'warning';
    if (phase === 'succeeded') return 'done';
  }
  // A page counts as done once its answers pass and the user has gone past it (or the join has started from it).
  const passed =
    PAGE_IDS.indexOf(id) < PAGE_IDS.indexOf(current) || (phase !== undefined && PAGE_IDS.indexOf(id) < PAGE_IDS.indexOf('join'));
  return passed && done(id) ? 'done' : 'todo';
}
