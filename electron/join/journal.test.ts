import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/events.js';
import {
  isLineRun,
  JournalBatchSchema,
  packJournalBatch,
  unpackJournalBatch,
  wireJsonOf,
  type JournalBatch,
} from '../../shared/ipc/journal-batch.js';
import { Journal } from './journal.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-journal-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const onDisk = (): number[] =>
  fs
    .readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as JournalEvent).seq);

const output = (line: string) => ({ type: 'step.output', stepId: 'kubelet', stream: 'stdout', line }) as const;

describe('journal flush policy', () => {
  it('writes a batch of output before any listener sees it', () => {
    const journal = Journal.open(dir);
    const seenMissing: number[] = [];
    journal.subscribe((batch) => {
      const written = new Set(onDisk());
      for (const event of batch) if (!written.has(event.seq)) seenMissing.push(event.seq);
    });
    for (let i = 0; i < 12_000; i++) journal.append('run', output(`line ${i}`));
    journal.close();
    expect(seenMissing).toEqual([]);
    expect(onDisk()).toEqual(Array.from({ length: 12_000 }, (_, i) => i + 1));
  });

  it('gathers output for its batch but writes a step transition at once, with the output before it', () => {
    const journal = Journal.open(dir);
    journal.append('run', output('downloading'));
    journal.append('run', output('extracting'));
    // Output alone waits for its batch: nobody has seen it yet.
    expect(onDisk()).toEqual([]);
    journal.append('run', { type: 'step.finished', stepId: 'kubelet', status: 'done', durationMs: 10 });
    expect(onDisk()).toEqual([1, 2, 3]);
    journal.append('run', output('after'));
    journal.sync();
    expect(onDisk()).toEqual([1, 2, 3, 4]);
    journal.close();
  });

  it('journals appendLines exactly as append would, in sequence with other events, and batches that pack for the wire losslessly', () => {
    const journal = Journal.open(dir);
    const batches: JournalEvent[][] = [];
    journal.subscribe((batch) => batches.push(batch));
    const lines = ['plain', 'quote " backslash \\ tab \t', 'ノード 🎉', '\u2028'];
    journal.append('run', { type: 'step.started', stepId: 'kubelet', attempt: 1 });
    journal.appendLines('run', 'kubelet', 'service', lines);
    journal.append('run', output('from the script'));
    journal.appendLines(
      'run',
      'kubelet',
      'service',
      Array.from({ length: 6_000 }, (_, i) => `flood ${i}`),
    );
    journal.close();
    const file = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean);
    const events = file.map((line) => JSON.parse(line) as JournalEvent);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 6_006 }, (_, i) => i + 1));
    // Each line's text is what JSON.stringify makes of its event (same keys, same order).
    for (let i = 0; i < file.length; i++) expect(file[i]).toBe(JSON.stringify(events[i]));
    expect(events.slice(1, 5)).toEqual(
      lines.map((line, i) => ({
        type: 'step.output',
        stepId: 'kubelet',
        stream: 'service',
        line,
        seq: i + 2,
        ts: events[1]!.ts,
        runId: 'run',
      })),
    );
    expect(batches.flat()).toEqual(events);
    // The JSON the journal made of each batch for the wire: a slice of lines shares one timestamp, so it
    // crosses as runs, and they unpack to the same events; packing the events gives the same batch.
    const wire = batches.map((batch) => JSON.parse(Buffer.from(wireJsonOf(batch)!).toString('utf8')) as JournalBatch);
    expect(wire.flat().filter(isLineRun).length).toBeGreaterThan(0);
    expect(wire.map((batch) => JournalBatchSchema.parse(batch)).map(unpackJournalBatch)).toEqual(batches);
    expect(wire.map(unpackJournalBatch)).toEqual(batches.map((batch) => unpackJournalBatch(packJournalBatch(batch))));
    expect(batches.length).toBeGreaterThan(1);
  });

  it('refuses an event after it was closed instead of losing it', () => {
    const journal = Journal.open(dir);
    journal.sync();
    journal.close();
    expect(() => journal.append('run', output('late'))).toThrow(/closed/);
  });

  it('cuts a torn last line when reopened and continues the sequence after the last whole one', () => {
    const journal = Journal.open(dir);
    journal.append('run', { type: 'step.started', stepId: 'kubelet', attempt: 1 });
    journal.append('run', { type: 'step.started', stepId: 'kube-proxy', attempt: 1 });
    journal.close();
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), '{"seq":3,"type":"step.out');
    const reopened = Journal.open(dir);
    expect(reopened.lastSeq).toBe(2);
    expect(reopened.append('run', output('next')).seq).toBe(3);
    reopened.close();
    expect(onDisk()).toEqual([1, 2, 3]);
  });
});
