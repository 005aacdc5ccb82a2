/**
 * Runs a plan's steps as a DAG: every step whose needs are done starts, up to
 * a concurrency limit (the guide itself downloads binaries while the pause
 * image is pulled). A failure stops new steps from starting, lets running ones
 * finish, then runs the `always` steps (diagnostics). A step that needs a
 * restart ends the run as restart-required; the next start resumes there.
 * State is saved and the journal synced at every step transition.
 */
import type { JoinState, RunPhase, StepState } from '../../shared/state.js';
import type { DownloadSettings, PlannedStep } from '../../shared/plan.js';
import type { StepId } from '../../shared/steps.js';
import type { NewJournalEvent } from '../../shared/events.js';
import { toErrorShape, type WinJoinErrorShape } from '../../shared/errors.js';
import type { Journal } from './journal.js';
import { ServiceLogRelay } from './service-log-relay.js';
import type { StateStore } from './state-store.js';
import type { StepExecutor, StepOutcome } from './types.js';

export interface FailureInput {
  stepId: StepId;
  lines: string[];
  exitCode: number | null;
  error: WinJoinErrorShape | undefined;
  checks: { id: string; status: string }[];
}

export interface RunnerOptions {
  executor: StepExecutor;
  journal: Journal;
  store: StateStore;
  stateDir: string;
  concurrency: number;
  /** Known-problem codes for a failed step, most specific first. */
  classifyFailure?: (input: FailureInput) => string[];
  onState?: (state: JoinState) => void;
  /** Fills the secret markers of the saved plan (sealed-plan.ts) for the executor call only. */
  reveal?: { step(step: PlannedStep): PlannedStep; downloadSettings(settings: DownloadSettings): DownloadSettings };
}

const TAIL_LINES = 200;
type StopReason = 'failed' | 'restart' | 'cancelled' | null;

export async function runPlan(state: JoinState, options: RunnerOptions, cancel: AbortSignal): Promise<RunPhase> {
  const { journal } = options;
  const byId = new Map(state.steps.map((s) => [s.id, s]));
  const running = new Map<StepId, Promise<void>>();
  let stop: StopReason = null;

  const save = () => {
    state.updatedAt = new Date().toISOString();
    state.journalSeq = journal.lastSeq;
    options.store.save(state);
    options.onState?.(structuredClone(state));
  };
  const emit = (event: NewJournalEvent) => journal.append(state.runId, event);
  const serviceLogs = new ServiceLogRelay(options.stateDir, (stepId, lines) => journal.appendLines(state.runId, stepId, 'service', lines));

  const isSettled = (id: StepId) => {
    const status = byId.get(id)?.status;
    return status === 'done' || status === 'skipped';
  };
  const ready = (step: PlannedStep) => byId.get(step.id)?.status === 'pending' && !step.always && step.needs.every(isSettled);

  const start = (step: PlannedStep) => {
    const promise = runStep(step, byId.get(step.id)!, state, options, cancel, emit, save, serviceLogs, state.plan.downloadSettings).then(
      (outcome) => {
        running.delete(step.id);
        if (outcome === 'failed' && stop === null) stop = 'failed';
        if (outcome === 'restart-pending' && stop !== 'failed') stop = 'restart';
        if (outcome === 'cancelled') stop = 'cancelled';
      },
    );
    running.set(step.id, promise);
  };

  state.phase = 'running';
  save();
  try {
    for (;;) {
      if (cancel.aborted) stop = 'cancelled';
      if (stop === null) {
        for (const step of state.plan.steps) {
          if (running.size >= options.concurrency) break;
          if (!running.has(step.id) && ready(step)) start(step);
        }
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }

    if (stop !== 'cancelled') {
      for (const step of state.plan.steps) {
        const stepState = byId.get(step.id)!;
        if (step.always && stepState.status === 'pending')
          await runStep(step, stepState, state, options, cancel, emit, save, serviceLogs, state.plan.downloadSettings);
      }
    }
  } finally {
    // What the services wrote up to the end belongs to this run's log, before its last event.
    await serviceLogs.stop();
  }

  const allSettled = state.plan.steps.every((s) => isSettled(s.id));
  const phase: RunPhase =
    stop === 'cancelled'
      ? 'cancelled'
      : stop === 'failed'
        ? 'failed'
        : stop === 'restart'
          ? 'restart-required'
          : allSettled
            ? 'succeeded'
            : 'failed';
  state.phase = phase;
  emit({
    type: 'run.finished',
    outcome: phase === 'restart-required' ? 'restart-required' : (phase as 'succeeded' | 'failed' | 'cancelled'),
  });
  save();
  journal.sync();
  return phase;
}

/** What one step's run needs of the options: a reset runs its undo steps through it too (reset-run.ts). */
export type StepRunOptions = Pick<RunnerOptions, 'executor' | 'journal' | 'stateDir' | 'classifyFailure' | 'reveal'>;

/**
 * Runs one step: journal events, timeout, cancel, known problems, and its
 * StepState updated. `run` names the run the events belong to and the steps
 * whose facts the executor sees (a reset passes the join's).
 */
export async function runStep(
  step: PlannedStep,
  stepState: StepState,
  run: Pick<JoinState, 'runId' | 'steps'>,
  options: StepRunOptions,
  cancel: AbortSignal,
  emit: (event: NewJournalEvent) => void,
  save: () => void,
  serviceLogs: ServiceLogRelay,
  downloadSettings: DownloadSettings,
): Promise<StepState['status']> {
  const started = Date.now();
  stepState.status = 'running';
  stepState.attempts += 1;
  stepState.startedAt = new Date(started).toISOString();
  stepState.endedAt = null;
  stepState.error = null;
  stepState.exitCode = null;
  stepState.knownProblems = [];
  emit({ type: 'step.started', stepId: step.id, attempt: stepState.attempts });
  save();
  options.journal.sync();
  serviceLogs.stepStarted(step);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, step.timeoutMs);
  const onCancel = () => controller.abort(new Error('cancelled'));
  cancel.addEventListener('abort', onCancel, { once: true });
  if (cancel.aborted) onCancel();

  const tail: string[] = [];
  const checks: { id: string; status: string }[] = [];
  const facts = Object.fromEntries(run.steps.map((s) => [s.id, s.facts])) as Record<string, Record<string, unknown>>;

  let outcome: StepOutcome;
  try {
    outcome = await options.executor({
      runId: run.runId,
      step: options.reveal ? options.reveal.step(step) : step,
      attempt: stepState.attempts,
      stateDir: options.stateDir,
      signal: controller.signal,
      downloadSettings: options.reveal ? options.reveal.downloadSettings(downloadSettings) : downloadSettings,
      facts,
      emit(event) {
        if (event.type === 'step.output') {
          tail.push(event.line);
          if (tail.length > TAIL_LINES) tail.shift();
        }
        if (event.type === 'step.check') checks.push({ id: event.checkId, status: event.status });
        emit(event);
      },
    });
  } catch (error) {
    outcome = { status: 'failed', exitCode: null, error: toErrorShape(error) };
  } finally {
    clearTimeout(timer);
    cancel.removeEventListener('abort', onCancel);
  }

  if (outcome.status === 'failed' && timedOut) {
    outcome = { ...outcome, error: { code: 'E_STEP_TIMEOUT', message: `step ${step.id} exceeded ${step.timeoutMs} ms` } };
  }
  const cancelled = outcome.status === 'failed' && cancel.aborted && !timedOut;
  const status: StepState['status'] = cancelled ? 'cancelled' : outcome.status;

  stepState.status = status;
  stepState.endedAt = new Date().toISOString();
  stepState.durationMs = Date.now() - started;
  stepState.exitCode = outcome.exitCode;
  stepState.facts = outcome.facts ?? stepState.facts ?? {};
  // An error can quote what the step was given (a proxy URL): state.json keeps it masked as the journal does.
  stepState.error =
    status === 'failed' || status === 'cancelled'
      ? options.journal.mask(outcome.error ?? { code: 'E_STEP_FAILED', message: `step ${step.id} failed` })
      : null;
  if (status === 'failed' && options.classifyFailure) {
    stepState.knownProblems = options.classifyFailure({
      stepId: step.id,
      lines: tail,
      exitCode: outcome.exitCode,
      error: outcome.error,
      checks,
    });
  }
  emit({
    type: 'step.finished',
    stepId: step.id,
    status,
    durationMs: stepState.durationMs,
    changed: outcome.changed,
    restartRequired: status === 'restart-pending' ? true : undefined,
    facts: outcome.facts,
    exitCode: outcome.exitCode,
    error: stepState.error ?? undefined,
    knownProblems: stepState.knownProblems.length ? stepState.knownProblems : undefined,
  });
  save();
  options.journal.sync();
  return status;
}

/** A step's state before its first attempt. */
export function freshStep(id: StepId): StepState {
  return {
    id,
    status: 'pending',
    attempts: 0,
    startedAt: null,
    endedAt: null,
    durationMs: null,
    exitCode: null,
    error: null,
    knownProblems: [],
    facts: {},
  };
}
