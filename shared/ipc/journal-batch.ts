/**
 * Journal batches as they cross the bridge (the `journal:events` event):
 * output lines travel as runs, one record per step, stream, time and run
 * with the lines as a plain array of strings, instead of one object per
 * line that repeats every field. A kubelet flood hands the journal
 * thousands of lines a slice, all of one step, stream and millisecond, so
 * a 5,000-line batch becomes a handful of records: about a third of the
 * bytes to decode and parse in the page, and a few thousand strings to
 * collect instead of a few thousand objects each holding five more
 * strings. Every other event crosses as it is, and so does the order.
 * The journal file keeps one event per line (docs/state-and-recovery.md):
 * this is the wire's shape only, packed and unpacked here alone.
 */
import { z } from 'zod';
import { JournalEventSchema, type JournalEvent } from '../events.js';
import { StepIdSchema } from '../plan.js';

type OutputEvent = Extract<JournalEvent, { type: 'step.output' }>;

/**
 * Consecutive step.output events (seq, seq+1, ...) of one step, stream, ts
 * and run. `lines` marks a run: no journal event has that field.
 */
export const LineRunSchema = z
  .object({
    lines: z.array(z.string()).min(1),
    /** The first line's seq; the others follow it one by one. */
    seq: z.number().int().positive(),
    ts: z.string(),
    runId: z.string(),
    stepId: StepIdSchema,
    stream: z.enum(['stdout', 'stderr', 'service']),
  })
  .strict();

export type LineRun = z.infer<typeof LineRunSchema>;

export const JournalBatchSchema = z.array(z.union([LineRunSchema, JournalEventSchema]));

export type JournalBatchItem = LineRun | JournalEvent;
export type JournalBatch = JournalBatchItem[];

export function isLineRun(item: JournalBatchItem): item is LineRun {
  return 'lines' in item;
}

function continues(run: LineRun, event: OutputEvent): boolean {
  return (
    event.seq === run.seq + run.lines.length &&
    event.ts === run.ts &&
    event.stepId === run.stepId &&
    event.stream === run.stream &&
    event.runId === run.runId
  );
}

/** The batch in the wire's shape: runs of output lines packed, everything else as it is, in order. */
export function packJournalBatch(events: readonly JournalEvent[]): JournalBatch {
  const out: JournalBatch = [];
  let run: LineRun | null = null;
  // A lone line is a run of one too: the journal's own JSON of a batch (electron/join/batch-json.ts) packs
  // it so, and the preview sends those bytes as this value's JSON (shared/ipc/known-json.ts).
  const close = () => {
    if (run) out.push(run);
    run = null;
  };
  for (const event of events) {
    if (event.type !== 'step.output') {
      close();
      out.push(event);
    } else if (run && continues(run, event)) run.lines.push(event.line);
    else {
      close();
      run = { lines: [event.line], seq: event.seq, ts: event.ts, runId: event.runId, stepId: event.stepId, stream: event.stream };
    }
  }
  close();
  return out;
}

/** Appends a run's lines to `out` as step.output events. */
function pushEvents(out: JournalBatchItem[], run: LineRun): void {
  const { lines, seq, ts, runId, stepId, stream } = run;
  // The key order of a journal line, so an unpacked event looks like one read from the file.
  for (let i = 0; i < lines.length; i++) out.push({ type: 'step.output', stepId, stream, line: lines[i]!, seq: seq + i, ts, runId });
}

/** The journal events a batch carries, one object per event again. */
export function unpackJournalBatch(batch: readonly JournalBatchItem[]): JournalEvent[] {
  if (!batch.some(isLineRun)) return batch as JournalEvent[];
  const out: JournalEvent[] = [];
  for (const item of batch) {
    if (isLineRun(item)) pushEvents(out, item);
    else out.push(item);
  }
  return out;
}

const wireJson = new WeakMap<readonly JournalEvent[], Uint8Array>();

/**
 * The journal made these events' batch JSON while writing them (UTF-8 of a
 * JournalBatch that unpacks to them): the transports send it instead of
 * serialising the packed batch again.
 */
export function rememberWireJson(events: readonly JournalEvent[], json: Uint8Array): void {
  wireJson.set(events, json);
}

export function wireJsonOf(events: readonly JournalEvent[]): Uint8Array | null {
  return wireJson.get(events) ?? null;
}

/** How many journal events a batch carries. */
export function eventCount(batch: readonly JournalBatchItem[]): number {
  let count = 0;
  for (const item of batch) count += isLineRun(item) ? item.lines.length : 1;
  return count;
}
