import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HashingFileWriter, WRITE_BATCH_BYTES } from './hashing-writer.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-hashing-writer-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Chunks of uneven sizes (as a socket delivers them), each with different bytes. */
function chunks(total: number): Buffer[] {
  const out: Buffer[] = [];
  for (let made = 0, i = 0; made < total; i++) {
    const size = Math.min(total - made, 1 + ((i * 7919) % 70_000));
    out.push(Buffer.alloc(size, i % 251));
    made += size;
  }
  return out;
}

describe('HashingFileWriter', () => {
  it('hands over every chunk in order and writes every byte, across many batches', async () => {
    const data = chunks(5 * WRITE_BATCH_BYTES + 12_345);
    const file = path.join(dir, 'out.part');
    const hash = createHash('sha512');
    let seen = 0;
    await pipeline(
      Readable.from(data),
      new HashingFileWriter(file, false, (chunk) => {
        hash.update(chunk);
        seen += chunk.length;
      }),
    );
    const whole = Buffer.concat(data);
    expect(seen).toBe(whole.length);
    expect(fs.readFileSync(file).equals(whole)).toBe(true);
    expect(hash.digest('hex')).toBe(createHash('sha512').update(whole).digest('hex'));
  });

  it('appends to a part kept from an earlier attempt', async () => {
    const file = path.join(dir, 'out.part');
    fs.writeFileSync(file, 'kept ');
    await pipeline(Readable.from([Buffer.from('and new')]), new HashingFileWriter(file, true, () => undefined));
    expect(fs.readFileSync(file, 'utf8')).toBe('kept and new');
  });

  it('keeps every byte handed over when the transfer fails mid-stream, for a resume', async () => {
    const file = path.join(dir, 'out.part');
    const data = chunks(WRITE_BATCH_BYTES + 1000);
    const total = WRITE_BATCH_BYTES + 1000 + 4;
    let handed = 0;
    // Less than a batch after the first one, so the rest is still gathering when the source fails: it fails
    // right after the writer has been handed the last byte (not after a delay, which a busy machine can outrun).
    const source = new Readable({ read() {} });
    const writer = new HashingFileWriter(file, false, (chunk) => {
      handed += chunk.length;
      if (handed === total) setImmediate(() => source.destroy(new Error('connection reset')));
    });
    for (const chunk of data) source.push(chunk);
    source.push(Buffer.from('tail'));
    await expect(pipeline(source, writer)).rejects.toThrow('connection reset');
    if (!writer.closed) await new Promise((resolve) => writer.once('close', resolve));
    expect(handed).toBe(total);
    expect(fs.statSync(file).size).toBe(handed);
  });
});
