/**
 * What the preview's event stream still has to send to one viewer. The
 * server writes only while the socket's buffer is small, so a viewer that
 * cannot keep up (a kubelet printing a million lines) leaves its backlog
 * here, where it is bounded instead of growing in WinJoin's memory:
 * - once more journal events wait than a live view keeps
 *   (LIVE_VIEW_MAX_EVENTS), the oldest lines are dropped, since the view
 *   would evict them on arrival anyway; transitions and notes never are,
 *   and every line stays in the journal file;
 * - a join state waiting to be sent is replaced by a newer one.
 */
import { isLineEvent, LIVE_VIEW_MAX_EVENTS } from '../../shared/events.js';
import type { EventName, EventPayload } from '../../shared/ipc/contract.js';
import { eventCount, isLineRun, type JournalBatch } from '../../shared/ipc/journal-batch.js';

export type LiveMessage = { [K in EventName]: { name: K; payload: EventPayload<K> } }[EventName];

export class LiveBacklog {
  private queue: LiveMessage[] = [];
  private journalEvents = 0;
  /** Lines dropped so far (for tests and diagnostics). */
  dropped = 0;

  constructor(private readonly maxJournalEvents = LIVE_VIEW_MAX_EVENTS) {}

  push(message: LiveMessage): void {
    // A state (or accent) replaces the one still waiting: only the newest means anything.
    if (message.name !== 'journal:events') this.queue = this.queue.filter((m) => m.name !== message.name);
    this.queue.push(message);
    if (message.name === 'journal:events') {
      this.journalEvents += eventCount(message.payload);
      if (this.journalEvents > this.maxJournalEvents) this.dropOldestLines(this.journalEvents - this.maxJournalEvents);
    }
  }

  shift(): LiveMessage | undefined {
    const message = this.queue.shift();
    if (message?.name === 'journal:events') this.journalEvents -= eventCount(message.payload);
    return message;
  }

  private dropOldestLines(excess: number): void {
    for (let i = 0; i < this.queue.length && excess > 0; i++) {
      const message = this.queue[i]!;
      if (message.name !== 'journal:events') continue;
      const kept: JournalBatch = [];
      let removed = 0;
      for (const item of message.payload) {
        if (excess === 0) kept.push(item);
        else if (isLineRun(item)) {
          // A run loses its oldest lines; the rest keep their seqs.
          const cut = Math.min(excess, item.lines.length);
          if (cut < item.lines.length) kept.push({ ...item, lines: item.lines.slice(cut), seq: item.seq + cut });
          excess -= cut;
          removed += cut;
        } else if (isLineEvent(item)) {
          excess--;
          removed++;
        } else kept.push(item);
      }
      this.dropped += removed;
      this.journalEvents -= removed;
      // A new array: the batch's remembered JSON (shared/ipc/known-json.ts) no longer describes it.
      this.queue[i] = { name: 'journal:events', payload: kept };
    }
    this.queue = this.queue.filter((m) => m.name !== 'journal:events' || m.payload.length > 0);
  }
}
