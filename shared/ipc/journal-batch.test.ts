import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../events.js';
import { eventCount, JournalBatchSchema, packJournalBatch, unpackJournalBatch, type JournalBatch } from './journal-batch.js';

import { outputEvent as out, TS as ts } from './testing/journal-events.js';

const started = (seq: number): JournalEvent => ({ type: 'step.started', stepId: 'kubelet', attempt: 1, seq, ts, runId: 'r1' });

/** What crosses the wire: JSON text, parsed again on the other side. */
const overTheWire = (events: JournalEvent[]) => JSON.parse(JSON.stringify(packJournalBatch(events))) as unknown;

describe('journal batches on the wire', () => {
  it('packs consecutive lines of one step, stream, time and run into one run, and unpacks them to the same events', () => {
    const events = [started(1), out(2, 'a'), out(3, 'b "quoted" \\ \t ノード 🎉'), out(4, ''), started(5)];
    const packed = packJournalBatch(events);
    expect(packed).toEqual([
      started(1),
      { lines: ['a', 'b "quoted" \\ \t ノード 🎉', ''], seq: 2, ts, runId: 'r1', stepId: 'kubelet', stream: 'service' },
      started(5),
    ]);
    const parsed = JournalBatchSchema.parse(overTheWire(events));
    expect(unpackJournalBatch(parsed)).toEqual(events);
    // In the key order of a journal line, so an unpacked event serialises as the journal wrote it.
    const unpacked = unpackJournalBatch(overTheWire(events) as JournalBatch);
    expect(unpacked.map((e) => JSON.stringify(e))).toEqual(events.map((e) => JSON.stringify(e)));
    expect(eventCount(parsed)).toBe(5);
  });

  it('starts a new run where the step, stream, time, run or sequence changes, and sends a lone line as a run of one', () => {
    const events = [
      out(1, 'a'),
      out(2, 'b'),
      out(3, 'c', { stream: 'stdout' }),
      out(4, 'd', { stream: 'stdout' }),
      out(5, 'e', { stepId: 'kube-proxy', stream: 'stdout' }),
      out(6, 'f', { ts: '2026-12-03T10:00:00.001Z' }),
      out(7, 'g', { ts: '2026-12-03T10:00:00.001Z' }),
      out(9, 'h', { ts: '2026-12-03T10:00:00.001Z' }),
      out(10, 'i', { ts: '2026-12-03T10:00:00.001Z', runId: 'r2' }),
      out(11, 'j', { ts: '2026-12-03T10:00:00.001Z', runId: 'r2' }),
    ];
    const packed = packJournalBatch(events);
    expect(packed.map((item) => ('lines' in item ? item.lines.join('') : item.seq))).toEqual(['ab', 'cd', 'e', 'fg', 'h', 'ij']);
    expect(unpackJournalBatch(JournalBatchSchema.parse(overTheWire(events)))).toEqual(events);
    expect(eventCount(packed)).toBe(events.length);
  });

  it('leaves a batch without output as it is', () => {
    const events = [started(1), started(2)];
    expect(packJournalBatch(events)).toEqual(events);
    expect(unpackJournalBatch(events)).toBe(events);
  });

  it('refuses a run that is not one: no lines, or fields a run does not have', () => {
    const run = { lines: ['a'], seq: 1, ts, runId: 'r1', stepId: 'kubelet', stream: 'service' };
    expect(JournalBatchSchema.safeParse([run]).success).toBe(true);
    expect(JournalBatchSchema.safeParse([{ ...run, lines: [] }]).success).toBe(false);
    expect(JournalBatchSchema.safeParse([{ ...run, line: 'x' }]).success).toBe(false);
  });
});
