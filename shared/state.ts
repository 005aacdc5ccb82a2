/**
 * Join state: what the engine writes atomically after every step transition
 * and what a restarted engine resumes from.
 */
import { z } from 'zod';
import { STEP_STATUSES } from './steps.js';
import { PlanSchema, StepIdSchema } from './plan.js';
import { ERROR_CODES } from './errors.js';

export const StepStateSchema = z.object({
  id: StepIdSchema,
  status: z.enum(STEP_STATUSES),
  attempts: z.number().int().nonnegative(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  exitCode: z.number().int().nullable(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), params: z.record(z.string(), z.string()).optional() }).nullable(),
  knownProblems: z.array(z.string()).default([]),
  facts: z.record(z.string(), z.unknown()).default({}),
});
export type StepState = z.infer<typeof StepStateSchema>;

export const RUN_PHASES = ['idle', 'running', 'succeeded', 'failed', 'cancelled', 'restart-required'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

export const JoinStateSchema = z.object({
  schema: z.literal(1),
  runId: z.string(),
  phase: z.enum(RUN_PHASES),
  rehearsal: z.boolean(),
  scenario: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  plan: PlanSchema,
  steps: z.array(StepStateSchema),
  /** Last journal seq written when this state was saved. */
  journalSeq: z.number().int().nonnegative(),
});
export type JoinState = z.infer<typeof JoinStateSchema>;
