/**
 * Tails of large files, always cut at a line boundary so the first line of a
 * truncated entry is whole (and, for JSONL, still parses).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import type { LineRedactor } from '../../../shared/redact.js';

/** Offset of the first byte after the first newline at or after `from` (or the file size). */
export function lineBoundaryAfter(file: string, from: number): number {
  if (from <= 0) return 0;
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(64 * 1024);
    for (let pos = from - 1; pos < size; pos += buffer.length) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, pos);
      const nl = buffer.subarray(0, n).indexOf(0x0a);
      if (nl >= 0) return pos + nl + 1;
    }
    return size;
  } finally {
    fs.closeSync(fd);
  }
}

/** The byte range holding at most `budget` bytes of the file's end, starting on a whole line. */
export function tailRange(file: string, budget: number): { start: number; size: number; total: number } {
  const total = fs.statSync(file).size;
  if (total <= budget) return { start: 0, size: total, total };
  const start = lineBoundaryAfter(file, total - Math.max(0, budget));
  return { start, size: total - start, total };
}

/**
 * Copies the redacted last `maxBytes` of a log into `dest`. Returns the size
 * of the source, so the summary can say how much was left out.
 */
export async function copyRedactedTail(src: string, dest: string, maxBytes: number, redactor: LineRedactor): Promise<number | null> {
  let total: number;
  try {
    total = fs.statSync(src).size;
  } catch {
    return null;
  }
  const start = total > maxBytes ? lineBoundaryAfter(src, total - maxBytes) : 0;
  const fd = fs.openSync(dest, 'w');
  const input = fs.createReadStream(src, { start, encoding: 'utf8', highWaterMark: 256 * 1024 });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    let pending = '';
    for await (const line of lines) {
      pending += redactor.line(line) + '\n';
      if (pending.length > 64 * 1024) {
        fs.writeSync(fd, pending);
        pending = '';
      }
    }
    fs.writeSync(fd, pending);
  } finally {
    lines.close();
    input.destroy();
    fs.closeSync(fd);
  }
  return total;
}
