/**
 * Runs one step script through the step host (Invoke-WinJoinStep.ps1): the
 * parameters travel in a private JSON file, output comes back as UTF-8 lines,
 * "##winjoin " lines become typed events, and the exit code, the structured
 * result and the error record are folded into one result.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WinJoinError } from '../../../shared/errors.js';
import { EXIT, RESTART_REQUIRED_POSIX } from '../../../shared/exit-codes.js';
import { parseScriptLine, SCRIPT_EVENT_NONCE_ENV, scriptEventPrefix, type ScriptEvent } from '../../../shared/powershell-protocol.js';
import { findPowerShell, stepHostArgs } from './find-powershell.js';
import { writeParamsFile } from './params-file.js';
import { runProcessTree, type OutputStream } from './run-process-tree.js';

export interface RunStepScriptOptions {
  /** Absolute path of the step .ps1. */
  script: string;
  /** Absolute path of Invoke-WinJoinStep.ps1 (electron/powershell in development, resources/powershell when packaged). */
  stepHost: string;
  params: Record<string, unknown>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Rehearsal only: the simulated Windows host module, loaded ahead of the step. */
  preloadModule?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** The PowerShell executable; found with findPowerShell() when unset. */
  powershell?: string;
  /** Between SIGTERM and SIGKILL when the tree is ended. */
  graceMs?: number;
  /** Where the private parameters directory is made; the system temp dir when unset. */
  tmpDir?: string;
  /** Transcript: every line that is not a valid structured event. */
  onLine(stream: OutputStream, line: string): void;
  onEvent(event: ScriptEvent): void;
  /** A "##winjoin " line that was not a valid event (it also goes to onLine). */
  onWarning?(warning: { line: string; reason: string }): void;
  /** PowerShell was started with this pid. */
  onSpawn?(pid: number): void;
}

export interface ScriptErrorRecord {
  message: string;
  errorId: string;
  category: string;
  scriptStackTrace: string;
  code?: string;
}

export interface RunStepScriptResult {
  exitCode: number | null;
  /** The structured result said so, or the exit code was 3010 (194 on POSIX). */
  restartRequired: boolean;
  /** The step's last structured result. */
  result?: { changed: boolean; facts: Record<string, unknown> };
  /** The step's last error record. */
  error?: ScriptErrorRecord;
  timedOut: boolean;
  cancelled: boolean;
  /** Why PowerShell could not be started at all. */
  spawnError?: string;
  durationMs: number;
}

export async function runStepScript(options: RunStepScriptOptions): Promise<RunStepScriptResult> {
  if (!path.isAbsolute(options.script) || !fs.existsSync(options.script)) {
    throw new WinJoinError('E_SCRIPT_NOT_FOUND', `step script not found: ${options.script}`, { script: path.basename(options.script) });
  }
  if (!fs.existsSync(options.stepHost)) {
    throw new WinJoinError('E_SCRIPT_NOT_FOUND', `step host not found: ${options.stepHost}`, { script: path.basename(options.stepHost) });
  }
  const powershell = options.powershell ?? findPowerShell();

  // Only lines with this run's nonce are events: a tool's output that prints "##winjoin {...}" stays text.
  const nonce = crypto.randomBytes(16).toString('hex');
  const prefix = scriptEventPrefix(nonce);
  let result: RunStepScriptResult['result'];
  let resultSaysRestart = false;
  let error: ScriptErrorRecord | undefined;
  const onLine = (stream: OutputStream, line: string) => {
    if (stream === 'stdout') {
      const parsed = parseScriptLine(line, prefix);
      if (parsed.kind === 'event') {
        const event = parsed.event;
        if (event.type === 'result') {
          result = { changed: event.changed, facts: event.facts };
          resultSaysRestart = event.restartRequired;
        }
        if (event.type === 'error') error = errorRecord(event);
        options.onEvent(event);
        return;
      }
      if (parsed.kind === 'malformed') options.onWarning?.({ line, reason: parsed.reason });
    }
    options.onLine(stream, line);
  };

  const paramsFile = await writeParamsFile(options.params, options.tmpDir);
  try {
    const run = await runProcessTree({
      file: powershell,
      args: stepHostArgs({
        stepHost: options.stepHost,
        stepScript: options.script,
        paramsFile: paramsFile.path,
        preloadModule: options.preloadModule,
      }),
      env: { ...powerShellEnv(), ...options.env, [SCRIPT_EVENT_NONCE_ENV]: nonce },
      cwd: options.cwd,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      graceMs: options.graceMs,
      onLine,
      onSpawn: options.onSpawn,
    });
    return {
      exitCode: run.exitCode,
      restartRequired: isRestartExitCode(run.exitCode) || resultSaysRestart,
      ...(result ? { result } : {}),
      ...(error ? { error } : {}),
      timedOut: run.timedOut,
      cancelled: run.cancelled,
      ...(run.spawnError ? { spawnError: run.spawnError } : {}),
      durationMs: run.durationMs,
    };
  } finally {
    await paramsFile.dispose();
  }
}

/** 3010, which a POSIX system truncates to 8 bits (194). */
export function isRestartExitCode(exitCode: number | null, platform: NodeJS.Platform = process.platform): boolean {
  return exitCode === EXIT.restartRequired || (platform !== 'win32' && exitCode === RESTART_REQUIRED_POSIX);
}

function errorRecord(event: Extract<ScriptEvent, { type: 'error' }>): ScriptErrorRecord {
  const record: ScriptErrorRecord = {
    message: event.message,
    errorId: event.errorId,
    category: event.category,
    scriptStackTrace: event.scriptStackTrace,
  };
  if (event.code) record.code = event.code;
  return record;
}

/**
 * The step host makes its own console UTF-8; this covers what PowerShell
 * prints before that (startup errors) on POSIX, where the locale decides, and
 * keeps telemetry, update checks and colour codes out of a step's output.
 */
function powerShellEnv(): Record<string, string> {
  const env: Record<string, string> = { POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', NO_COLOR: '1' };
  const locale = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || '';
  if (process.platform !== 'win32' && !/utf-?8/i.test(locale)) {
    env.LC_ALL = 'C.UTF-8';
    env.LANG = 'C.UTF-8';
  }
  return env;
}
