/**
 * Journal events: every line of journal.jsonl and every batch the renderer
 * receives is one of these. Types are stable strings; add new ones, never
 * rename. Events are written to disk before they are broadcast.
 */
import { z } from 'zod';
import { ERROR_CODES } from './errors.js';
import { STEP_STATUSES } from './steps.js';
import { StepIdSchema } from './plan.js';
import { RESET_OUTCOMES } from './reset.js';

const base = {
  /** Position in this state directory's journal, from 1, never reused. */
  seq: z.number().int().positive(),
  /** ISO 8601 time the event was written. */
  ts: z.string(),
  runId: z.string(),
};

const ErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  params: z.record(z.string(), z.string()).optional(),
});

export const JournalEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('run.started'), resumed: z.boolean(), rehearsal: z.boolean(), stepIds: z.array(StepIdSchema) }),
  z.object({
    ...base,
    type: z.literal('run.finished'),
    outcome: z.enum(['succeeded', 'failed', 'cancelled', 'restart-required']),
  }),
  z.object({ ...base, type: z.literal('step.started'), stepId: StepIdSchema, attempt: z.number().int().positive() }),
  z.object({
    ...base,
    type: z.literal('step.output'),
    stepId: StepIdSchema,
    /** 'service': a line of the log the service this step started writes (the step's followsLog). */
    stream: z.enum(['stdout', 'stderr', 'service']),
    line: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('step.progress'),
    stepId: StepIdSchema,
    /** 0..100 when known. */
    percent: z.number().min(0).max(100).nullable(),
    message: z.string().optional(),
    bytes: z.number().optional(),
    totalBytes: z.number().nullable().optional(),
    bytesPerSecond: z.number().optional(),
    etaSeconds: z.number().nullable().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('step.check'),
    stepId: StepIdSchema,
    checkId: z.string(),
    status: z.enum(['pass', 'warn', 'fail']),
    detail: z.string().optional(),
    fixKey: z.string().optional(),
    /** The detail as an i18n key plus parameters (checkDetails.<id>.<variant>); `detail` is its English record. */
    detailKey: z.string().optional(),
    detailParams: z.record(z.string(), z.string()).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('step.finished'),
    stepId: StepIdSchema,
    status: z.enum(STEP_STATUSES),
    durationMs: z.number().nonnegative(),
    /** The step's structured result: what it changed, facts it found. */
    changed: z.boolean().optional(),
    restartRequired: z.boolean().optional(),
    facts: z.record(z.string(), z.unknown()).optional(),
    exitCode: z.number().int().nullable().optional(),
    error: ErrorSchema.optional(),
    /** Known-problem codes matched for a failure, most specific first. */
    knownProblems: z.array(z.string()).optional(),
  }),
  /** A reset (shared/reset.ts) began: its undo steps, in the order they run, for the join joinRunId. */
  z.object({
    ...base,
    type: z.literal('reset.started'),
    joinRunId: z.string(),
    recipe: z.string(),
    rehearsal: z.boolean(),
    stepIds: z.array(StepIdSchema),
    /** Join steps that never ran, so have nothing to undo. */
    neverRan: z.array(StepIdSchema),
  }),
  z.object({
    ...base,
    type: z.literal('reset.finished'),
    outcome: z.enum(RESET_OUTCOMES),
    failed: z.array(StepIdSchema),
    held: z.array(StepIdSchema),
  }),
  z.object({
    ...base,
    type: z.literal('note'),
    level: z.enum(['info', 'warn', 'error']),
    key: z.string(),
    params: z.record(z.string(), z.string()).optional(),
  }),
]);

export type JournalEvent = z.infer<typeof JournalEventSchema>;

/**
 * The most events a live view holds (the wizard's log): enough for a long
 * join's full log; older lines stay in the journal file and the bundle. The
 * preview's event stream uses it too: a viewer that fell further behind than
 * this is sent only what it would still keep.
 */
export const LIVE_VIEW_MAX_EVENTS = 200_000;

/** Events a live view may skip when it falls behind: lines, never a transition. */
export function isLineEvent(event: JournalEvent): boolean {
  return event.type === 'step.output' || event.type === 'step.progress';
}
export type JournalEventType = JournalEvent['type'];

/** An event before the journal stamps seq, ts and runId on it. */
export type NewJournalEvent = JournalEvent extends infer E ? (E extends JournalEvent ? Omit<E, 'seq' | 'ts' | 'runId'> : never) : never;
