/**
 * Journal events the renderer holds: in seq order, each once, capped. Events
 * can arrive twice (a catch-up read overlapping a live batch after a
 * reconnect), so merging dedupes by seq instead of trusting arrival order.
 */
import { LIVE_VIEW_MAX_EVENTS, type JournalEvent } from '../../shared/events.js';

function ascendingAfter(batch: readonly JournalEvent[], last: number): boolean {
  let previous = last;
  for (const event of batch) {
    if (event.seq <= previous) return false;
    previous = event.seq;
  }
  return true;
}

export function mergeEvents(existing: readonly JournalEvent[], batch: readonly JournalEvent[], cap = LIVE_VIEW_MAX_EVENTS): JournalEvent[] {
  if (batch.length === 0) return existing as JournalEvent[];
  const last = existing.at(-1)?.seq ?? 0;
  let merged: JournalEvent[];
  if (ascendingAfter(batch, last)) {
    // The usual case: a live batch strictly after what we hold. Under a flood the cap is reached and every
    // batch pushes as many old events out: one copy of what stays, not a concatenation and then a slice of it.
    if (existing.length + batch.length <= cap) return existing.concat(batch);
    const keep = Math.max(0, cap - batch.length);
    merged = existing.slice(existing.length - keep);
    for (let i = Math.max(0, batch.length - cap); i < batch.length; i++) merged.push(batch[i]!);
    return merged;
  } else {
    const bySeq = new Map<number, JournalEvent>();
    for (const e of existing) bySeq.set(e.seq, e);
    for (const e of batch) bySeq.set(e.seq, e);
    merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
  return merged.length > cap ? merged.slice(merged.length - cap) : merged;
}
