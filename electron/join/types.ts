/**
 * The seams of the engine. A recipe turns answers into planned steps; an
 * executor runs one planned step (downloads, then its script). The runner only
 * knows these two interfaces, so it is tested with fake executors and driven
 * in production by the PowerShell executor.
 */
import type { Answers } from '../../shared/answers.js';
import type { WinJoinErrorShape } from '../../shared/errors.js';
import type { NewJournalEvent } from '../../shared/events.js';
import type { DownloadSettings, PlannedStep } from '../../shared/plan.js';
import type { DownloadOrigins } from './recipes/download-origins.js';

export interface StandInPins {
  /** SHA-256 of a whole file (nssm zip, node tarball). */
  sha256: Record<string, string>;
  /** SHA-256 of each file inside an archive pinned by its content (the SDN archive). */
  archiveEntries: Record<string, Record<string, string>>;
}

export interface RecipeContext {
  /** Where WinJoin keeps state, logs, the download cache and transcripts. */
  stateDir: string;
  /** Base URLs downloads come from; a rehearsal points them at a loopback server. Unset keys use the public origins. */
  origins?: Partial<DownloadOrigins>;
  /**
   * Digests of a rehearsal's stand-in files by download name, replacing
   * WinJoin's pinned ones (the stand-ins are not the real files). Only a
   * rehearsal sets it; the plan then names those digests SIMULATED.
   */
  standInPins?: StandInPins;
  /**
   * What the planner learned before planning, when it could ask: the API
   * server's gitVersion and the machine's Windows build. With them the plan
   * applies the version policy (electron/host/kubernetes/recipe-policy.ts).
   */
  cluster?: { serverGitVersion?: string; windowsBuild?: number };
  /**
   * The join credentials the gate settled and verified against the cluster
   * (electron/service/join-gate.ts), for answers that left them null: the CA
   * pin, the host:port, and whether the token was created (the plan then
   * holds the marker of join.token, filled in memory when the step runs).
   */
  join?: { caCertHash: string; endpoint: string; tokenCreated: boolean };
}

/** Turns validated answers into the recipe's steps, in guide order, with their dependencies. */
export type Recipe = (answers: Answers, context: RecipeContext) => PlannedStep[];

export interface StepContext {
  runId: string;
  step: PlannedStep;
  attempt: number;
  stateDir: string;
  /** Aborted on cancel and on the step's timeout. */
  signal: AbortSignal;
  /** How this run's downloads travel (proxy, offline source, extra CAs). */
  downloadSettings: DownloadSettings;
  /** Facts earlier steps reported (e.g. the pod CIDR), keyed by step id. */
  facts: Readonly<Record<string, Record<string, unknown>>>;
  /** Appends to the journal (and so to the live log). */
  emit(event: NewJournalEvent): void;
}

export interface StepOutcome {
  /** 'skipped' means the step's own check found the work already done and changed nothing. */
  status: 'done' | 'skipped' | 'failed' | 'restart-pending';
  changed?: boolean;
  facts?: Record<string, unknown>;
  exitCode: number | null;
  error?: WinJoinErrorShape;
}

export type StepExecutor = (context: StepContext) => Promise<StepOutcome>;
