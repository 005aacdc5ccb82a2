/**
 * Holds service events back until the page listens for them. Electron drops
 * a message sent before the preload registered its listener, so events are
 * queued per event name until the preload reports a subscription, then
 * flushed in order. A reload starts over: the new page subscribes again and
 * catches up on the journal with journal:read, so the queue only has to
 * bridge the first load and stays bounded.
 */
import type { EventName } from '../../shared/ipc/contract.js';

export interface EventForwarder {
  push(event: EventName, payload: unknown): void;
  /** The page listens for this event now: flush what was held back. */
  subscribe(event: EventName): void;
  /** The page is going away (reload, navigation, crash): hold events again. */
  reset(): void;
}

/** journal:events batches held while nobody listens; older ones are dropped. */
export const MAX_QUEUED_BATCHES = 1000;

export function createEventForwarder(send: (event: EventName, payload: unknown) => void, maxQueued = MAX_QUEUED_BATCHES): EventForwarder {
  const listening = new Set<EventName>();
  const queued = new Map<EventName, unknown[]>();

  return {
    push(event, payload) {
      if (listening.has(event)) return send(event, payload);
      // Only the newest join state (and accent) means anything; journal batches all count.
      const queue = event === 'journal:events' ? (queued.get(event) ?? []) : [];
      queue.push(payload);
      if (queue.length > maxQueued) queue.splice(0, queue.length - maxQueued);
      queued.set(event, queue);
    },
    subscribe(event) {
      if (listening.has(event)) return;
      listening.add(event);
      const queue = queued.get(event) ?? [];
      queued.delete(event);
      for (const payload of queue) send(event, payload);
    },
    reset() {
      listening.clear();
    },
  };
}
