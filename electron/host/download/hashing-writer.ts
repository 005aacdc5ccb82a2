/**
 * The end of a download's pipeline: hands each chunk to `onChunk` (the hash,
 * the progress meter, the idle watchdog) the moment it arrives, and writes
 * the chunks to the part file in batches of about a MiB, one batch in flight
 * while the next gathers. So the bytes are read once from the socket, hashed
 * once and written once, and the socket is never paused waiting for a small
 * write: a plain fs.WriteStream (16 KiB high-water mark) behind an async
 * generator stopped the socket after every 64 KiB chunk until the thread
 * pool had written it (bench/download.bench.mjs, 128 MiB on a busy 2-core
 * machine: 1.64 s of CPU before, 1.3 s after).
 *
 * A failed transfer keeps every byte that arrived, for a resume with Range.
 * Nothing is fsynced here: a verified file is trusted only after its digest
 * matches (download() checks a file left at dest before keeping it), so a
 * crash can cost a download again but never leave a wrong file in use.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';

/** Bytes gathered before a write; a batch over this (one more chunk) holds the source until the write in flight is done. */
export const WRITE_BATCH_BYTES = 1 << 20;

type Callback = (error?: Error | null) => void;

export class HashingFileWriter extends Writable {
  private fd: number | null = null;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private writing = false;
  private failure: Error | null = null;
  /** The write callback held back while a full batch waits for the one in flight. */
  private held: Callback | null = null;
  /** _final's callback, once the last batch is written. */
  private finalCallback: Callback | null = null;
  /** _destroy's close, once the write in flight is done. */
  private closeAfterWrite: (() => void) | null = null;

  constructor(
    private readonly file: string,
    private readonly append: boolean,
    private readonly onChunk: (chunk: Buffer) => void,
  ) {
    super({ highWaterMark: WRITE_BATCH_BYTES, decodeStrings: false });
  }

  override _construct(callback: Callback): void {
    // Opened at once, not through the thread pool: chunks that arrive while the open is pending wait in
    // the stream's own buffer, and a transfer that fails then (a busy machine, a dropped connection)
    // destroys that buffer with them, leaving an empty part where a resume expected the bytes that came.
    try {
      this.fd = fs.openSync(this.file, this.append ? 'a' : 'w');
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: Callback): void {
    if (this.failure) return callback(this.failure);
    this.onChunk(chunk);
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    if (this.batchBytes < WRITE_BATCH_BYTES) return callback();
    if (!this.writing) {
      this.flush();
      return callback();
    }
    this.held = callback;
  }

  override _final(callback: Callback): void {
    if (this.failure) return callback(this.failure);
    if (this.writing) this.finalCallback = callback;
    else if (this.batchBytes > 0) {
      this.finalCallback = callback;
      this.flush();
    } else callback();
  }

  override _destroy(error: Error | null, callback: Callback): void {
    // What arrived is kept for a resume: the gathered batch is written, after the write in flight
    // (which still uses the descriptor), and only then is the file closed.
    const close = () => {
      const fd = this.fd;
      this.fd = null;
      if (fd === null) return callback(error);
      fs.close(fd, (closeError) => callback(error ?? closeError));
    };
    const writeRestThenClose = () => {
      if (this.batchBytes === 0 || this.failure || this.fd === null) return close();
      this.closeAfterWrite = close;
      this.flush();
    };
    if (this.writing) this.closeAfterWrite = writeRestThenClose;
    else writeRestThenClose();
  }

  private flush(): void {
    const buffers = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.writing = true;
    writeAll(this.fd as number, buffers, (error) => this.written(error));
  }

  private written(error: Error | null): void {
    this.writing = false;
    if (error) this.failure = error;
    if (this.closeAfterWrite) {
      const close = this.closeAfterWrite;
      this.closeAfterWrite = null;
      return close();
    }
    const waiting = this.held ?? this.finalCallback;
    if (this.failure) {
      this.held = this.finalCallback = null;
      // A pending callback carries the failure into the stream (which then destroys itself); else destroy it here.
      if (waiting) waiting(this.failure);
      else this.destroy(this.failure);
      return;
    }
    if (this.held) {
      const held = this.held;
      this.held = null;
      this.flush();
      return held();
    }
    if (this.finalCallback) {
      if (this.batchBytes > 0) return this.flush();
      const final = this.finalCallback;
      this.finalCallback = null;
      final();
    }
  }
}

/** writev until every byte is written (a regular file may take fewer bytes than asked). */
function writeAll(fd: number, buffers: Buffer[], done: (error: Error | null) => void): void {
  fs.writev(fd, buffers, (error, written) => {
    if (error) return done(error);
    let left = written;
    let i = 0;
    while (i < buffers.length && left >= buffers[i]!.length) left -= buffers[i++]!.length;
    if (i === buffers.length) return done(null);
    writeAll(fd, [buffers[i]!.subarray(left), ...buffers.slice(i + 1)], done);
  });
}
