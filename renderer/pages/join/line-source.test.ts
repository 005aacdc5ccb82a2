import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../shared/events.js';
import { lineSource, rowWindow, type LogLine } from './log-lines.js';

const ts = '2024-05-01T10:00:00.000Z';
const out = (seq: number, line: string, stream: 'stdout' | 'stderr' = 'stdout'): JournalEvent => ({
  seq,
  ts,
  runId: 'r',
  type: 'step.output',
  stepId: 'kubelet',
  stream,
  line,
});
const events = [out(1, 'starting'), out(2, 'slow disk', 'stderr'), out(3, 'ready')];
const render = (l: LogLine) => l.text ?? '';
const all = { stepId: 'all', level: 'all', search: '' } as const;

describe('line source', () => {
  it('reads unfiltered lines by index straight from the events', () => {
    const source = lineSource(events, all, render);
    expect(source.count).toBe(3);
    expect(source.at(1)).toMatchObject({ seq: 2, level: 'warn', text: 'slow disk' });
    expect(source.at(3)).toBeUndefined();
    expect(source.all().map((l) => l.seq)).toEqual([1, 2, 3]);
  });

  it('applies a filter when one is set', () => {
    const source = lineSource(events, { ...all, level: 'warn' }, render);
    expect(source.count).toBe(1);
    expect(source.at(0)?.seq).toBe(2);
    expect(
      lineSource(events, { ...all, search: 'READY' }, render)
        .all()
        .map((l) => l.seq),
    ).toEqual([3]);
  });
});

describe('rowWindow', () => {
  it('renders the rows in view and the overscan at each edge, clipped to the lines there are', () => {
    // 22 px rows, a 110 px view scrolled to row 100: rows 100-104 are in view, 2 more each side.
    expect(rowWindow(1000, 2200, 110, 22, 2)).toEqual([98, 99, 100, 101, 102, 103, 104, 105, 106]);
    // A partly shown row counts as shown.
    expect(rowWindow(1000, 2211, 110, 22, 0)).toEqual([100, 101, 102, 103, 104, 105]);
    // At the top and at the end, nothing past the edges.
    expect(rowWindow(1000, 0, 44, 22, 3)).toEqual([0, 1, 2, 3, 4]);
    expect(rowWindow(10, 176, 44, 22, 3)).toEqual([5, 6, 7, 8, 9]);
    // Not laid out yet: the overscan's rows; no lines: none.
    expect(rowWindow(1000, 0, 0, 22, 2)).toEqual([0, 1]);
    expect(rowWindow(0, 0, 300, 22, 20)).toEqual([]);
  });
});
