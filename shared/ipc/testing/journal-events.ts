/** Journal events for the wire-batch tests (shared/ipc/journal-batch.ts, electron/join/batch-json.ts). */
import type { JournalEvent } from '../../events.js';

export const TS = '2026-12-03T10:00:00.000Z';
export type OutputEvent = Extract<JournalEvent, { type: 'step.output' }>;

/** A kubelet service line of run r1 at TS; `over` changes what a test is about. */
export const outputEvent = (seq: number, line: string, over: Partial<OutputEvent> = {}): OutputEvent => ({
  type: 'step.output',
  stepId: 'kubelet',
  stream: 'service',
  line,
  seq,
  ts: TS,
  runId: 'r1',
  ...over,
});
