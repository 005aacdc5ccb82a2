import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalText } from './journal-text.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-journal-text-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const events = [
  { seq: 1, line: 'plain' },
  { seq: 2, line: 'ノードの準備ができました 🎉 "quoted"\ttab\nnewline \\ backslash' },
  { seq: 3, line: 'x'.repeat(3 << 20) }, // larger than the initial buffer: it must grow
  { seq: 4, line: '\u2028 and a lone surrogate \ud800' },
];

describe('JournalText', () => {
  it('writes each event as one JSON line, each once', () => {
    const file = path.join(dir, 'journal.jsonl');
    const fd = fs.openSync(file, 'a');
    const text = new JournalText();
    text.add(JSON.stringify(events[0]));
    text.add(JSON.stringify(events[1]));
    text.writeTo(fd);
    text.add(JSON.stringify(events[2]));
    text.add(JSON.stringify(events[3]));
    text.writeTo(fd);
    text.writeTo(fd); // nothing new: nothing written twice
    fs.closeSync(fd);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(events.map((e) => JSON.parse(JSON.stringify(e)) as unknown));
  });

  it('writes the lines after one larger than the buffer it keeps (8 MiB)', () => {
    const file = path.join(dir, 'journal.jsonl');
    const fd = fs.openSync(file, 'a');
    const text = new JournalText();
    text.add(JSON.stringify({ seq: 1, line: 'y'.repeat(9 << 20) }));
    text.writeTo(fd);
    text.add('{"seq":2}');
    text.writeTo(fd);
    fs.closeSync(fd);
    expect(
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => (l ? (JSON.parse(l) as { seq: number }).seq : null)),
    ).toEqual([1, 2, null]);
  });
});
