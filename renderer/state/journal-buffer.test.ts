import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/events.js';
import { mergeEvents } from './journal-buffer.js';

const ev = (seq: number): JournalEvent => ({ seq, ts: '2024-01-01T00:00:00Z', runId: 'r', type: 'note', level: 'info', key: `k${seq}` });
const seqs = (events: JournalEvent[]) => events.map((e) => e.seq);

describe('mergeEvents', () => {
  it('appends a batch that follows what is held', () => {
    expect(seqs(mergeEvents([ev(1), ev(2)], [ev(3), ev(4)]))).toEqual([1, 2, 3, 4]);
  });
  it('keeps each seq once and in order when a catch-up overlaps a live batch', () => {
    expect(seqs(mergeEvents([ev(1), ev(4), ev(5)], [ev(2), ev(3), ev(4)]))).toEqual([1, 2, 3, 4, 5]);
  });
  it('drops the oldest beyond the cap', () => {
    expect(seqs(mergeEvents([ev(1), ev(2)], [ev(3)], 2))).toEqual([2, 3]);
    expect(seqs(mergeEvents([ev(1), ev(2), ev(3)], [ev(4), ev(5)], 4))).toEqual([2, 3, 4, 5]);
    // A batch larger than the cap keeps only its newest, with nothing or something held before it.
    expect(seqs(mergeEvents([], [ev(1), ev(2), ev(3)], 2))).toEqual([2, 3]);
    expect(seqs(mergeEvents([ev(1)], [ev(2), ev(3), ev(4)], 2))).toEqual([3, 4]);
    expect(seqs(mergeEvents([ev(1), ev(2)], [ev(3), ev(4)], 2))).toEqual([3, 4]);
  });
});
