import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/events.js';
import type { JoinState } from '../../shared/state.js';
import { packJournalBatch, unpackJournalBatch } from '../../shared/ipc/journal-batch.js';
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
/** A batch in the wire's shape: consecutive lines packed into runs, as the service sends it. */
const packed = (...events: JournalEvent[]): LiveMessage => ({ name: 'journal:events', payload: packJournalBatch(events) });
const state = (phase: string): LiveMessage => ({ name: 'join:state', payload: { phase } as unknown as JoinState });

function drain(backlog: LiveBacklog): LiveMessage[] {
  const out: LiveMessage[] = [];
  for (let m = backlog.shift(); m; m = backlog.shift()) out.push(m);
  return out;
}

const seqs = (messages: LiveMessage[]) =>
  messages.flatMap((m): (number | string)[] =>
    m.name === 'journal:events' ? unpackJournalBatch(m.payload).map((e) => e.seq) : m.name === 'join:state' ? [m.payload.phase] : [],
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

  it('counts and drops the lines of packed runs one by one, keeping the rest of a run', () => {
    const backlog = new LiveBacklog(4);
    backlog.push(packed(line(1), line(2), line(3), finished(4), line(5), line(6)));
    backlog.push(packed(line(7), line(8)));
    // 8 waiting, 4 kept: lines 1, 2, 3 and 5 go; line 6 stays of the second run, and the transition stays.
    const sent = drain(backlog);
    expect(seqs(sent)).toEqual([4, 6, 7, 8]);
    expect(backlog.dropped).toBe(4);
    expect(sent[0]?.payload).toEqual([finished(4), { lines: ['l6'], seq: 6, ts, runId: 'r', stepId: 'kubelet', stream: 'service' }]);
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
