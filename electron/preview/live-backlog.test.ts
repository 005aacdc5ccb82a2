import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/events.js';
import type { JoinState } from '../../shared/state.js';
import { LiveBacklog, type LiveMessage } from './live-backlog.js';

const ts = '2026-11-29T00:00:00.000Z';
const line = (seq: number): JournalEvent => ({
  seq,
  ts,
  runId: 'r',
  type: 'step.output',
  stepId: 'kubelet',
  stream: 'service',
  line: `l${seq}`,
});
const finished = (seq: number): JournalEvent => ({
  seq,
  ts,
  runId: 'r',
  type: 'step.finished',
  stepId: 'kubelet',
  status: 'done',
  durationMs: 1,
});
const batch = (...events: JournalEvent[]): LiveMessage => ({ name: 'journal:events', payload: events });
const state = (phase: string): LiveMessage => ({ name: 'join:state', payload: { phase } as unknown as JoinState });

function drain(backlog: LiveBacklog): LiveMessage[] {
  const out: LiveMessage[] = [];
  for (let m = backlog.shift(); m; m = backlog.shift()) out.push(m);
  return out;
}

const seqs = (messages: LiveMessage[]) =>
  messages.flatMap((m): (number | string)[] =>
    m.name === 'journal:events' ? m.payload.map((e) => e.seq) : m.name === 'join:state' ? [m.payload.phase] : [],
  );

describe('LiveBacklog', () => {
  it('keeps everything, in order, while no more events wait than a live view holds', () => {
    const backlog = new LiveBacklog(5);
    backlog.push(batch(line(1), line(2)));
    backlog.push(state('running'));
    backlog.push(batch(line(3), finished(4), line(5)));
    expect(seqs(drain(backlog))).toEqual([1, 2, 'running', 3, 4, 5]);
    expect(backlog.dropped).toBe(0);
  });

  it('drops the oldest lines beyond what a live view holds, never a transition', () => {
    const backlog = new LiveBacklog(4);
    backlog.push(batch(line(1), finished(2), line(3)));
    backlog.push(batch(line(4), line(5)));
    backlog.push(batch(line(6), line(7)));
    // 7 waiting, 4 kept: lines 1, 3 and 4 go; the step transition stays.
    expect(seqs(drain(backlog))).toEqual([2, 5, 6, 7]);
    expect(backlog.dropped).toBe(3);
  });

  it('counts only what still waits: sent batches make room', () => {
    const backlog = new LiveBacklog(3);
    backlog.push(batch(line(1), line(2), line(3)));
    expect(seqs([backlog.shift()!])).toEqual([1, 2, 3]);
    backlog.push(batch(line(4), line(5), line(6)));
    expect(seqs(drain(backlog))).toEqual([4, 5, 6]);
    expect(backlog.dropped).toBe(0);
  });

  it('replaces a join state still waiting with the newer one', () => {
    const backlog = new LiveBacklog();
    backlog.push(state('running'));
    backlog.push(batch(line(1)));
    backlog.push(state('succeeded'));
    expect(seqs(drain(backlog))).toEqual([1, 'succeeded']);
  });
});
