/**
 * The journal: typed events appended to journal.jsonl before anyone else sees
 * them. Flush policy (docs/state-and-recovery.md): output and progress lines
 * are gathered for one batch (50 ms or 5,000 events) and written with one
 * synchronous write(2) just before the batch is broadcast; every other event
 * is written at once, with whatever output preceded it. So a crash of the
 * WinJoin process loses nothing anyone saw, and a kubelet printing a million
 * lines costs a few hundred writes, not a million. The file is fsync'ed
 * (in the background) at every step transition, so a power loss or a forced
 * reboot loses at most the output lines of the step that was running.
 * Live subscribers get events in batches, so a step that prints a million
 * lines does not cost a million IPC messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { isLineEvent, type JournalEvent, type NewJournalEvent } from '../../shared/events.js';
import type { StepId } from '../../shared/steps.js';
import { rememberWireJson } from '../../shared/ipc/journal-batch.js';
import { BatchJson } from './batch-json.js';
import { EventMasker } from './event-masker.js';
import { JournalText } from './journal-text.js';
import { STATE_FILES } from './state-dir.js';

/** The stream a step.output line came from. */
export type OutputStream = Extract<JournalEvent, { type: 'step.output' }>['stream'];

export type BatchListener = (events: JournalEvent[]) => void;

const BATCH_INTERVAL_MS = 50;
const BATCH_MAX = 5_000;

export class Journal {
  private fd: number;
  private seq: number;
  private pending: JournalEvent[] = [];
  /** The pending events serialised, written to the file from there. */
  private readonly text = new JournalText();
  /** The pending events as the batch's JSON for the transports, made from the same strings. */
  private readonly wire = new BatchJson();
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<BatchListener>();
  private readonly clock = new IsoClock();
  private readonly fsync = { running: false, again: false, closed: false };
  /** Secret shapes are masked from the start; a run adds the secret values it knows (maskSecrets). */
  private masker = new EventMasker();

  private constructor(
    readonly file: string,
    fd: number,
    lastSeq: number,
  ) {
    this.fd = fd;
    this.seq = lastSeq;
  }

  /** Opens (or creates) the journal of a state directory and finds the last sequence number. */
  static open(stateDir: string): Journal {
    fs.mkdirSync(stateDir, { recursive: true });
    const file = path.join(stateDir, STATE_FILES.journal);
    const lastSeq = repairAndReadLastSeq(file);
    const fd = fs.openSync(file, 'a');
    return new Journal(file, fd, lastSeq);
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** From now on, also mask these values (a run's proxy passwords and resolved secret references) in every encoding. */
  maskSecrets(secrets: readonly string[]): void {
    this.masker = new EventMasker(secrets);
  }

  /** A value masked as event fields are (an error kept in state.json, say). */
  mask<T>(value: T): T {
    return this.masker.maskFields(value);
  }

  append(runId: string, event: NewJournalEvent): JournalEvent {
    if (this.fsync.closed) throw new Error(`journal ${this.file} is closed`);
    // Object.assign, not a spread: V8 spreads these several times slower, and a flood appends a million.
    const full = Object.assign({}, this.masker.mask(event), { seq: this.seq + 1, ts: this.clock.now(), runId }) as JournalEvent;
    const json = JSON.stringify(full);
    this.text.add(json);
    this.wire.event(json);
    if (!isLineEvent(full)) this.write();
    this.seq = full.seq;
    this.pending.push(full);
    if (this.pending.length >= BATCH_MAX) this.flushListeners();
    else this.timer ??= setTimeout(() => this.flushListeners(), BATCH_INTERVAL_MS);
    return full;
  }

  /**
   * Appends lines as step.output events of one step and stream: what a
   * followed service log hands over, ten thousand lines at a time in a flood.
   * The cost there is per line, so each event's JSON is made from a template
   * (the same text JSON.stringify makes of the event, in the same key order)
   * instead of serialising an object, and lines that arrived together share
   * one timestamp.
   */
  appendLines(runId: string, stepId: StepId, stream: OutputStream, lines: readonly string[]): void {
    if (this.fsync.closed) throw new Error(`journal ${this.file} is closed`);
    if (lines.length === 0) return;
    const ts = this.clock.now();
    const head = `{"type":"step.output","stepId":${JSON.stringify(stepId)},"stream":${JSON.stringify(stream)},"line":`;
    const tail = `,"ts":${JSON.stringify(ts)},"runId":${JSON.stringify(runId)}}`;
    for (const line of this.masker.lines(stepId, stream, lines)) {
      const seq = ++this.seq;
      const quoted = JSON.stringify(line);
      this.text.add(head + quoted + ',"seq":' + seq + tail);
      this.wire.line(quoted, seq, ts, runId, stepId, stream);
      this.pending.push({ type: 'step.output', stepId, stream, line, seq, ts, runId });
      if (this.pending.length >= BATCH_MAX) this.flushListeners();
    }
    if (this.pending.length > 0) this.timer ??= setTimeout(() => this.flushListeners(), BATCH_INTERVAL_MS);
  }

  /**
   * Puts the journal on stable storage; called at step transitions. The
   * fsync runs on libuv's thread pool: while a kubelet floods the log, each
   * one flushes megabytes, and a blocking one stalled every batch behind it.
   * One runs at a time; a request meanwhile is served by one more after it.
   */
  sync(): void {
    if (this.fsync.closed) return;
    this.write();
    if (this.fsync.running) {
      this.fsync.again = true;
      return;
    }
    this.fsync.running = true;
    fs.fsync(this.fd, () => {
      this.fsync.running = false;
      if (this.fsync.closed) return fs.close(this.fd, () => undefined);
      if (this.fsync.again) {
        this.fsync.again = false;
        this.sync();
      }
    });
  }

  subscribe(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers whatever is pending now (tests and shutdown call this). */
  flushListeners(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.write();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    rememberWireJson(batch, this.wire.take());
    for (const listener of this.listeners) listener(batch);
  }

  private write(): void {
    this.text.writeTo(this.fd);
  }

  close(): void {
    this.flushListeners();
    fs.fsyncSync(this.fd);
    // A background fsync still holds the descriptor; it closes it when done.
    this.fsync.closed = true;
    if (!this.fsync.running) fs.closeSync(this.fd);
  }

  /** Events after a sequence number, streamed from disk (the journal can be large). */
  async read(afterSeq: number, limit: number): Promise<JournalEvent[]> {
    const out: JournalEvent[] = [];
    const input = fs.createReadStream(this.file, { encoding: 'utf8' });
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (!line) continue;
        const event = JSON.parse(line) as JournalEvent;
        if (event.seq > afterSeq) out.push(event);
        if (out.length >= limit) break;
      }
    } finally {
      lines.close();
      input.destroy();
    }
    return out;
  }
}

/** ISO 8601 timestamps, formatted once per millisecond: a flood writes thousands of events in each. */
class IsoClock {
  private lastMs = -1;
  private lastIso = '';

  now(): string {
    const ms = Date.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }
}

/**
 * A crash can leave a half-written last line. Cut it off (it was never
 * broadcast, since broadcasting follows the write) and return the last seq.
 * Only the tail is read: journals of a log-flooding kubelet reach hundreds of MB.
 */
function repairAndReadLastSeq(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch {
    return 0;
  }
  try {
    const size = fs.fstatSync(fd).size;
    let tail = Buffer.alloc(0);
    let position = size;
    // Grow the window backwards until it holds one complete line before the torn end.
    while (position > 0) {
      const chunk = Math.min(64 * 1024, position);
      position -= chunk;
      const buffer = Buffer.alloc(chunk);
      fs.readSync(fd, buffer, 0, chunk, position);
      tail = Buffer.concat([buffer, tail]);
      const complete = tail.lastIndexOf(0x0a);
      if (complete > 0 && tail.lastIndexOf(0x0a, complete - 1) >= 0) break;
      if (complete >= 0 && position === 0) break;
    }
    const lastNewline = tail.lastIndexOf(0x0a);
    if (lastNewline < 0) {
      fs.ftruncateSync(fd, 0);
      return 0;
    }
    const goodEnd = position + lastNewline + 1;
    if (goodEnd < size) fs.ftruncateSync(fd, goodEnd);
    const previousNewline = tail.lastIndexOf(0x0a, lastNewline - 1);
    const lastLine = tail.subarray(previousNewline + 1, lastNewline).toString('utf8');
    return lastLine ? (JSON.parse(lastLine) as { seq: number }).seq : 0;
  } finally {
    fs.closeSync(fd);
  }
}
