/**
 * The journal's pending events as bytes: each event's JSON line is encoded
 * once into one growing buffer and written to the file from there.
 * Joining thousands of strings per batch and handing the result to
 * writeSync cost more CPU than making the events (a million kubelet-line
 * events on a busy 2-core machine: 3.6 s of CPU to join and write them,
 * 0.6 s to encode them into a buffer and write that).
 */
import fs from 'node:fs';

const INITIAL_BYTES = 2 << 20;
/** A buffer grown past this for one large batch is given back after it. */
const KEEP_BYTES = 8 << 20;
const NEWLINE = 0x0a;

export class JournalText {
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  /** Bytes of event lines not yet in the file. */
  private end = 0;

  /** Adds one event's JSON as a line. */
  add(json: string): void {
    // UTF-16 code units take at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4).
    const room = json.length * 3 + 1;
    if (this.end + room > this.buffer.length) this.grow(this.end + room);
    this.end += this.buffer.write(json, this.end, 'utf8');
    this.buffer[this.end++] = NEWLINE;
  }

  /** Appends the lines added since the last write with one write(2), and starts afresh. */
  writeTo(fd: number): void {
    let at = 0;
    while (at < this.end) at += fs.writeSync(fd, this.buffer, at, this.end - at);
    this.end = 0;
    if (this.buffer.length > KEEP_BYTES) this.buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  }

  private grow(needed: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(bigger, 0, 0, this.end);
    this.buffer = bigger;
  }
}
