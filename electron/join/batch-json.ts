/**
 * A journal batch's JSON in the wire's shape (shared/ipc/journal-batch.ts),
 * made while the journal makes its lines: the journal already has each
 * line's JSON string for its file, so a run's lines go into the wire text as
 * they are, and every other event as its journal line. Serialising the
 * packed batch again in the preview bridge, and measuring and encoding that
 * string for the socket, cost the engine more CPU under a kubelet flood than
 * writing the journal (bench/log-view.bench.mjs, with WINJOIN_BENCH_PROFILE).
 */
import type { OutputStream } from './journal.js';

const INITIAL_BYTES = 256 << 10;
/** The next batch's buffer starts half again as large as the last one was, up to this. */
const MAX_START_BYTES = 4 << 20;
const COMMA = 0x2c;

interface OpenRun {
  seq: number;
  next: number;
  ts: string;
  runId: string;
  stepId: string;
  stream: OutputStream;
}

export class BatchJson {
  private buffer!: Buffer;
  private end = 1;
  private items = 0;
  private run: OpenRun | null = null;

  constructor() {
    this.start(INITIAL_BYTES);
  }

  /** Any event, as its journal line's JSON. */
  event(json: string): void {
    this.closeRun();
    this.item(json);
  }

  /** A step.output line, as the JSON string of its text; consecutive lines of one step, stream, time and run make one run. */
  line(quotedLine: string, seq: number, ts: string, runId: string, stepId: string, stream: OutputStream): void {
    const run = this.run;
    if (run && run.next === seq && run.ts === ts && run.runId === runId && run.stepId === stepId && run.stream === stream) {
      this.room(quotedLine.length * 3 + 1);
      this.buffer[this.end++] = COMMA;
      this.end += this.buffer.write(quotedLine, this.end, 'utf8');
      run.next++;
      return;
    }
    this.closeRun();
    this.item('{"lines":[');
    this.write(quotedLine);
    this.run = { seq, next: seq + 1, ts, runId, stepId, stream };
  }

  /** The batch's JSON array, and a fresh start for the next one. */
  take(): Uint8Array {
    this.closeRun();
    this.write(']');
    const json = this.buffer.subarray(0, this.end);
    // Room for a batch like this one and half again, so the next rarely grows (each growth copies what it holds).
    this.start(Math.min(Math.max(this.end + (this.end >> 1), INITIAL_BYTES), MAX_START_BYTES));
    return json;
  }

  private start(bytes: number): void {
    // A fresh buffer for each batch: the one taken is still being sent.
    this.buffer = Buffer.allocUnsafe(bytes);
    this.buffer[0] = 0x5b; // [
    this.end = 1;
    this.items = 0;
  }

  private item(json: string): void {
    if (this.items++ > 0) this.write(',');
    this.write(json);
  }

  private closeRun(): void {
    const run = this.run;
    if (!run) return;
    this.run = null;
    this.write(
      `],"seq":${run.seq},"ts":${JSON.stringify(run.ts)},"runId":${JSON.stringify(run.runId)},` +
        `"stepId":${JSON.stringify(run.stepId)},"stream":${JSON.stringify(run.stream)}}`,
    );
  }

  private write(text: string): void {
    this.room(text.length * 3);
    this.end += this.buffer.write(text, this.end, 'utf8');
  }

  /** Grows the buffer for `bytes` more (UTF-16 code units take at most 3 bytes in UTF-8). */
  private room(bytes: number): void {
    if (this.end + bytes + 1 <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.end + bytes + 1, this.buffer.length * 2));
    this.buffer.copy(bigger, 0, 0, this.end);
    this.buffer = bigger;
  }
}
