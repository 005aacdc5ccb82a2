import { describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/ipc/contract.js';
import { createEventForwarder } from './event-forwarder.js';

function recorder() {
  const sent: [EventName, unknown][] = [];
  return { sent, send: (event: EventName, payload: unknown) => sent.push([event, payload]) };
}

describe('createEventForwarder', () => {
  it('holds journal batches until the page subscribes, then sends them in order', () => {
    const { sent, send } = recorder();
    const forwarder = createEventForwarder(send);
    forwarder.push('journal:events', ['a']);
    forwarder.push('journal:events', ['b']);
    expect(sent).toEqual([]);
    forwarder.subscribe('journal:events');
    forwarder.push('journal:events', ['c']);
    expect(sent).toEqual([
      ['journal:events', ['a']],
      ['journal:events', ['b']],
      ['journal:events', ['c']],
    ]);
  });

  it('keeps only the newest join state while nobody listens', () => {
    const { sent, send } = recorder();
    const forwarder = createEventForwarder(send);
    forwarder.push('join:state', { phase: 'running' });
    forwarder.push('join:state', { phase: 'succeeded' });
    forwarder.subscribe('join:state');
    expect(sent).toEqual([['join:state', { phase: 'succeeded' }]]);
  });

  it('readiness is per event: a listener for one does not release the other', () => {
    const { sent, send } = recorder();
    const forwarder = createEventForwarder(send);
    forwarder.push('journal:events', ['a']);
    forwarder.subscribe('join:state');
    expect(sent).toEqual([]);
  });

  it('holds events again after the page goes away, and flushes them to the new page', () => {
    const { sent, send } = recorder();
    const forwarder = createEventForwarder(send);
    forwarder.subscribe('journal:events');
    forwarder.reset();
    forwarder.push('journal:events', ['during reload']);
    expect(sent).toEqual([]);
    forwarder.subscribe('journal:events');
    expect(sent).toEqual([['journal:events', ['during reload']]]);
  });

  it('drops the oldest batches beyond its bound', () => {
    const { sent, send } = recorder();
    const forwarder = createEventForwarder(send, 2);
    for (const n of [1, 2, 3]) forwarder.push('journal:events', [n]);
    forwarder.subscribe('journal:events');
    expect(sent.map(([, p]) => p)).toEqual([[2], [3]]);
  });
});
