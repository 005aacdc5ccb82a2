/**
 * Join state: what the engine writes atomically after every step transition
 * and what a restarted engine resumes from.
 */
import { z } from 'zod';
import { STEP_STATUSES } from './steps.js';
import { PlanSchema, StepIdSchema } from './plan.js';
import { ERROR_CODES } from './errors.js';
import { SECRET_FIELDS } from './secret-refs.js';

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

/**
 * Where a secret of the plan comes from again when a join resumes: the saved
 * plan holds a marker (electron/join/sealed-plan.ts), never the value.
 * fromFile / fromEnv: the answer file's reference, read again. answersFile:
 * written inline in that answer file, read again from it. entered: typed in
 * the wizard; known only to the process that started the join.
 */
export const SecretSourceSchema = z.union([
  z.object({ fromFile: z.string().min(1) }).strict(),
  z.object({ fromEnv: z.string().min(1) }).strict(),
  z.object({ answersFile: z.string().min(1) }).strict(),
  z.object({ entered: z.literal(true) }).strict(),
  /** A bootstrap token the join gate created through the API with this kubeconfig: a resume creates a new one, never reads one back. */
  z.object({ createdToken: z.object({ kubeconfigPath: z.string().min(1), context: z.string().nullable() }).strict() }).strict(),
]);
export type SecretSource = z.infer<typeof SecretSourceSchema>;

export const SealedSecretSchema = z.object({
  field: z.enum(SECRET_FIELDS),
  source: SecretSourceSchema,
  /** Only for a typed secret: its value with the secret masked (shared/entered-secrets.ts), so a resume can ask for it again. */
  hint: z.string().optional(),
});
export type SealedSecret = z.infer<typeof SealedSecretSchema>;

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
  /** The plan with each secret replaced by its marker; `secrets` says where each comes from on resume. */
  plan: PlanSchema,
  secrets: z.array(SealedSecretSchema).default([]),
  steps: z.array(StepStateSchema),
  /** Last journal seq written when this state was saved. */
  journalSeq: z.number().int().nonnegative(),
});
export type JoinState = z.infer<typeof JoinStateSchema>;
