import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../shared/events.js';
import { lineSource, type LogLine } from './log-lines.js';

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
