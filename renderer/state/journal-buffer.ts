/**
 * Journal events the renderer holds: in seq order, each once, capped. Events
 * can arrive twice (a catch-up read overlapping a live batch after a
 * reconnect), so merging dedupes by seq instead of trusting arrival order.
 */
import { LIVE_VIEW_MAX_EVENTS, type JournalEvent } from '../../shared/events.js';

export function mergeEvents(existing: readonly JournalEvent[], batch: readonly JournalEvent[], cap = LIVE_VIEW_MAX_EVENTS): JournalEvent[] {
  if (batch.length === 0) return existing as JournalEvent[];
  const last = existing.at(-1)?.seq ?? 0;
  let merged: JournalEvent[];
  if (batch.every((e, i) => e.seq > last && (i === 0 || e.seq > (batch[i - 1]?.seq ?? 0)))) {
    // The usual case: a live batch strictly after what we hold.
    merged = existing.concat(batch);
  } else {
    const bySeq = new Map<number, JournalEvent>();
    for (const e of existing) bySeq.set(e.seq, e);
    for (const e of batch) bySeq.set(e.seq, e);
    merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
  return merged.length > cap ? merged.slice(merged.length - cap) : merged;
}
