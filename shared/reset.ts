/**
 * A reset (`winjoin reset`, the wizard's "Remove this node from the cluster"):
 * the undo of a join, step by step in the reference's order. Its progress is
 * kept in reset-state.json beside state.json, so an interrupted or incomplete
 * reset is continued by the next one; a complete reset moves state.json aside,
 * so this machine no longer holds a join and a second reset has nothing to do.
 */
import { z } from 'zod';
import { StepIdSchema } from './plan.js';
import { StepStateSchema } from './state.js';

/**
 * How a reset ended. succeeded: every undo done; incomplete: an undo failed
 * or was held back (the join stays recorded, run the reset again after the
 * fix); restart-required: done, but an undo (a Windows feature) needs a restart.
 */
export const RESET_OUTCOMES = ['succeeded', 'incomplete', 'cancelled', 'restart-required'] as const;
export type ResetOutcome = (typeof RESET_OUTCOMES)[number];

export const RESET_PHASES = ['running', ...RESET_OUTCOMES] as const;

export const ResetStateSchema = z.object({
  schema: z.literal(1),
  /** This reset's run id: the journal's events of the reset carry it. */
  runId: z.string(),
  /** The join it undoes (state.json's runId). */
  joinRunId: z.string(),
  recipe: z.string(),
  rehearsal: z.boolean(),
  phase: z.enum(RESET_PHASES),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The undo steps in the order they run; a step the join never ran is not here (see neverRan). */
  steps: z.array(StepStateSchema),
  /** Join steps the reset left alone because the join never started them. */
  neverRan: z.array(StepIdSchema),
});
export type ResetState = z.infer<typeof ResetStateSchema>;

/** What a reset call answers: how it ended, and which undo steps did not finish. */
export const ResetSummarySchema = z.object({
  runId: z.string().nullable(),
  /** nothing-to-do: this state directory holds no join (none ran, or a complete reset removed it). */
  outcome: z.enum([...RESET_OUTCOMES, 'nothing-to-do']),
  failed: z.array(StepIdSchema),
  /** Undo steps not run because an earlier one failed and they would remove what its retry needs. */
  held: z.array(StepIdSchema),
});
export type ResetSummary = z.infer<typeof ResetSummarySchema>;
