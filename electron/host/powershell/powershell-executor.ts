/**
 * The production StepExecutor: fetches a step's downloads (through a hook),
 * runs its script on PowerShell, turns script output into journal events and
 * the exit into a StepOutcome. Parameters are never emitted or logged: they
 * may hold the proxy password.
 */
import path from 'node:path';
import { toErrorShape, WinJoinError, type WinJoinErrorShape } from '../../../shared/errors.js';
import type { NewJournalEvent } from '../../../shared/events.js';
import type { ScriptEvent } from '../../../shared/powershell-protocol.js';
import type { StepContext, StepExecutor, StepOutcome } from '../../join/types.js';
import { isRestartExitCode, runStepScript, type RunStepScriptResult } from './run-step-script.js';
import { StepHostRecords } from './step-host-records.js';

export interface PowerShellExecutorOptions {
  /** Holds Invoke-WinJoinStep.ps1 and WinJoin.psm1: electron/powershell, or <resources>/powershell when packaged. */
  powershellDir: string;
  /** Where PlannedStep.script is resolved; <powershellDir>/steps when unset. */
  scriptsDir?: string;
  /** Fetches and verifies step.downloads; returns name -> local path, passed to the script as -Downloads. */
  prepareDownloads?: (context: StepContext) => Promise<Record<string, string>>;
  /** Rehearsal: rewrites params before the script sees them (Windows paths into the simulated machine). */
  mapParams?: (params: Record<string, unknown>, context: StepContext) => Record<string, unknown>;
  /** Rehearsal: the simulated Windows host module, loaded ahead of every step. */
  preloadModule?: string;
  env?: Record<string, string>;
  /** The PowerShell executable; found with findPowerShell() when unset. */
  powershell?: string;
  graceMs?: number;
  /** Rehearsal: rewrites what the step says (lines, check details, errors) so mapped paths read as Windows paths. */
  showText?: (text: string) => string;
}

/** Every text of an event the step produced, passed through `show`. */
function shownEvent(event: NewJournalEvent, show: (text: string) => string): NewJournalEvent {
  const values = (params: Record<string, string>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, show(v)]));
  switch (event.type) {
    case 'step.output':
      return { ...event, line: show(event.line) };
    case 'step.progress':
      return event.message === undefined ? event : { ...event, message: show(event.message) };
    case 'step.check':
      return {
        ...event,
        ...(event.detail === undefined ? {} : { detail: show(event.detail) }),
        ...(event.detailParams === undefined ? {} : { detailParams: values(event.detailParams) }),
      };
    default:
      return event;
  }
}

function shownOutcome(outcome: StepOutcome, show: (text: string) => string): StepOutcome {
  if (!outcome.error) return outcome;
  const { params, ...error } = outcome.error;
  return {
    ...outcome,
    error: {
      ...error,
      message: show(error.message),
      ...(params ? { params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, show(v)])) } : {}),
    },
  };
}

export function createPowerShellExecutor(options: PowerShellExecutorOptions): StepExecutor {
  const stepHost = path.join(options.powershellDir, 'Invoke-WinJoinStep.ps1');
  const scriptsDir = path.resolve(options.scriptsDir ?? path.join(options.powershellDir, 'steps'));
  // Per state dir, once per executor (one WinJoin process): what a killed predecessor left running ends before any step starts.
  const orphansEnded = new Map<string, Promise<unknown>>();

  return async (original) => {
    const show = options.showText;
    const context: StepContext = show ? { ...original, emit: (event) => original.emit(shownEvent(event, show)) } : original;
    const outcome = await runStep(context);
    return show ? shownOutcome(outcome, show) : outcome;
  };

  async function runStep(context: StepContext): Promise<StepOutcome> {
    const { step } = context;
    const records = new StepHostRecords(context.stateDir);
    try {
      let sweep = orphansEnded.get(context.stateDir);
      if (!sweep) orphansEnded.set(context.stateDir, (sweep = records.endOrphans()));
      await sweep;
      const script = resolveScript(scriptsDir, step.script);
      const params = await stepParams(options, context);
      const run = await runStepScript({
        script,
        stepHost,
        params,
        timeoutMs: step.timeoutMs,
        signal: context.signal,
        preloadModule: options.preloadModule,
        env: options.env,
        powershell: options.powershell,
        graceMs: options.graceMs,
        onLine: (stream, line) => context.emit({ type: 'step.output', stepId: step.id, stream, line }),
        onEvent: (event) => emitScriptEvent(context, event),
        onWarning: ({ reason }) =>
          context.emit({ type: 'note', level: 'warn', key: 'powershell.malformedEvent', params: { stepId: step.id, reason } }),
        onSpawn: (pid) => {
          try {
            records.started(step.id, pid, stepHost);
          } catch {
            // Only the clean-up after a crash of WinJoin is lost; the step itself is unaffected.
          }
        },
      });
      return toOutcome(context, run);
    } catch (error) {
      // Download and setup failures keep their own code (E_DOWNLOAD_CHECKSUM, E_SCRIPT_NOT_FOUND, ...).
      if (context.signal.aborted && !(error instanceof WinJoinError)) return failed(null, cancelledError(context));
      return failed(null, toErrorShape(error));
    } finally {
      // The step host has exited (or never started): nothing of it is left to end after a crash.
      records.ended(step.id);
    }
  }
}

async function stepParams(options: PowerShellExecutorOptions, context: StepContext): Promise<Record<string, unknown>> {
  let params: Record<string, unknown> = { ...context.step.params };
  if (context.step.downloads.length > 0) {
    if (!options.prepareDownloads) {
      throw new WinJoinError('E_INTERNAL', `step ${context.step.id} has downloads but no downloader is configured`);
    }
    // PowerShell binds splatted keys case-insensitively, so this is -Downloads.
    params.downloads = await options.prepareDownloads(context);
  }
  if (options.mapParams) params = options.mapParams(params, context);
  return params;
}

/** The plan names scripts relative to the scripts dir; nothing may point outside it. */
function resolveScript(scriptsDir: string, script: string): string {
  const resolved = path.resolve(scriptsDir, script);
  const relative = path.relative(scriptsDir, resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new WinJoinError('E_SCRIPT_NOT_FOUND', `step script ${script} is outside ${scriptsDir}`, { script });
  }
  return resolved;
}

function emitScriptEvent(context: StepContext, event: ScriptEvent): void {
  const stepId = context.step.id;
  switch (event.type) {
    case 'progress': {
      const percent = typeof event.percent === 'number' ? Math.min(100, Math.max(0, event.percent)) : null;
      context.emit({ type: 'step.progress', stepId, percent, ...(event.message ? { message: event.message } : {}) });
      return;
    }
    case 'check':
      context.emit({
        type: 'step.check',
        stepId,
        checkId: event.id,
        status: event.status,
        ...(event.detail ? { detail: event.detail } : {}),
        ...(event.fixKey ? { fixKey: event.fixKey } : {}),
        ...(event.detailKey ? { detailKey: event.detailKey, detailParams: event.detailParams ?? {} } : {}),
      });
      return;
    case 'error':
      // The step host swallows the error to report it; put it in the transcript
      // too, so the live log and the bundle say why the step stopped and where.
      for (const line of [event.message, ...event.scriptStackTrace.split(/\r?\n/)]) {
        if (line) context.emit({ type: 'step.output', stepId, stream: 'stderr', line });
      }
      return;
    case 'result':
      // Carried by the outcome into step.finished.
      return;
  }
}

function toOutcome(context: StepContext, run: RunStepScriptResult): StepOutcome {
  const { step } = context;
  if (run.cancelled) return failed(run.exitCode, cancelledError(context));
  if (run.timedOut) return failed(run.exitCode, { code: 'E_STEP_TIMEOUT', message: `step ${step.id} exceeded ${step.timeoutMs} ms` });
  if (run.spawnError) return failed(null, { code: 'E_POWERSHELL_MISSING', message: run.spawnError });

  // Only the exit code says whether the step succeeded; a result event
  // followed by a failure (exit 1) is still a failure.
  if (run.exitCode === 0 || isRestartExitCode(run.exitCode)) {
    return {
      status: run.restartRequired ? 'restart-pending' : 'done',
      changed: run.result?.changed,
      facts: run.result?.facts,
      exitCode: run.exitCode,
    };
  }
  const error: WinJoinErrorShape = {
    code: 'E_SCRIPT_ERROR',
    message: run.error?.message || `step ${step.id} exited with code ${run.exitCode ?? 'none'}`,
  };
  const params = scriptErrorParams(run);
  if (params) error.params = params;
  return failed(run.exitCode, error);
}

/** The record's short identifiers, which the known-problems matcher and support staff can use. */
function scriptErrorParams(run: RunStepScriptResult): Record<string, string> | undefined {
  if (!run.error) return undefined;
  const entries = Object.entries({ errorId: run.error.errorId, category: run.error.category, scriptCode: run.error.code ?? '' }).filter(
    ([, v]) => v !== '',
  );
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function cancelledError(context: StepContext): WinJoinErrorShape {
  return { code: 'E_CANCELLED', message: `step ${context.step.id} was cancelled` };
}

function failed(exitCode: number | null, error: WinJoinErrorShape): StepOutcome {
  return { status: 'failed', exitCode, error };
}
