import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/events.js';
import { JournalBatchSchema, packJournalBatch, unpackJournalBatch } from '../../shared/ipc/journal-batch.js';
import { BatchJson } from './batch-json.js';

import { outputEvent as out, TS as ts } from '../../shared/ipc/testing/journal-events.js';

const note = (seq: number): JournalEvent => ({ type: 'note', level: 'info', key: 'log.x', seq, ts, runId: 'r1' });

/** Feeds events as the journal does: lines through line(), the rest as their JSON. */
function made(events: JournalEvent[], json = new BatchJson()): unknown {
  for (const e of events) {
    if (e.type === 'step.output') json.line(JSON.stringify(e.line), e.seq, e.ts, e.runId, e.stepId, e.stream);
    else json.event(JSON.stringify(e));
  }
  return JSON.parse(Buffer.from(json.take()).toString('utf8'));
}

describe('BatchJson', () => {
  it('makes JSON of the wire batch that unpacks to the events, runs broken where a line does not follow', () => {
    const events = [
      note(1),
      out(2, 'a "quoted" \\ line'),
      out(3, 'ノード 🎉 \u2028'),
      out(4, 'x', { stream: 'stdout' }),
      out(6, 'y', { stream: 'stdout' }),
      out(7, 'z', { stream: 'stdout', ts: '2026-12-03T10:00:00.001Z' }),
      note(8),
      out(9, 'w'.repeat(300_000)), // past the first buffer: it grows
    ];
    const batch = JournalBatchSchema.parse(made(events));
    expect(unpackJournalBatch(batch)).toEqual(events);
    expect(batch.map((item) => ('lines' in item ? `run@${item.seq}x${item.lines.length}` : item.seq))).toEqual([
      1,
      'run@2x2',
      'run@4x1',
      'run@6x1',
      'run@7x1',
      8,
      'run@9x1',
    ]);
    // Exactly the value packJournalBatch makes: the preview sends these bytes as that value's JSON.
    expect(batch).toEqual(packJournalBatch(events));
  });

  it('starts each batch afresh, an empty one as []', () => {
    const json = new BatchJson();
    expect(made([out(1, 'a'), out(2, 'b')], json)).toEqual([
      { lines: ['a', 'b'], seq: 1, ts, runId: 'r1', stepId: 'kubelet', stream: 'service' },
    ]);
    expect(made([], json)).toEqual([]);
    expect(made([note(3)], json)).toEqual([note(3)]);
  });
});
