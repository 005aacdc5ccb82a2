/**
 * Which PowerShell runs the step host, and with which arguments. On Windows
 * it is Windows PowerShell 5.1, the one every Windows Server ships; elsewhere
 * (development, CI, rehearsals) it is PowerShell 7.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WinJoinError } from '../../../shared/errors.js';

export interface FindPowerShellInput {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Whether a path is an executable file; injectable for tests. */
  isExecutable?: (file: string) => boolean;
}

export function findPowerShell(input: FindPowerShellInput = {}): string {
  const platform = input.platform ?? process.platform;
  const env = input.env ?? process.env;
  const isExecutable = input.isExecutable ?? defaultIsExecutable;

  if (platform === 'win32') {
    // WinJoin runs elevated: take the absolute system path rather than a PATH
    // lookup, so a powershell.exe planted in the working directory or an
    // earlier PATH entry cannot run with administrator rights.
    const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? 'C:\\Windows';
    const exe = path.win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    if (isExecutable(exe)) return exe;
    throw missing(`Windows PowerShell not found at ${exe}`);
  }

  const configured = env.WINJOIN_PWSH;
  if (configured) {
    // An explicit choice that does not exist is a configuration error; falling
    // back silently would run the steps on a PowerShell nobody asked for.
    if (isExecutable(configured)) return configured;
    throw missing(`WINJOIN_PWSH points to ${configured}, which is not an executable file`);
  }

  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'pwsh');
    if (isExecutable(candidate)) return candidate;
  }

  // Where `dotnet tool install --global PowerShell` (scripts/install-tools.sh) puts it.
  const dotnetTool = path.join(input.homeDir ?? os.homedir(), '.dotnet', 'tools', 'pwsh');
  if (isExecutable(dotnetTool)) return dotnetTool;

  throw missing('pwsh not found: set WINJOIN_PWSH, put pwsh on PATH, or install it as a dotnet tool');
}

export interface StepHostArgs {
  /** Absolute path of Invoke-WinJoinStep.ps1. */
  stepHost: string;
  stepScript: string;
  paramsFile: string;
  preloadModule?: string;
}

/** The whole command line: only paths, never a parameter value. */
export function stepHostArgs(args: StepHostArgs): string[] {
  const list = [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-File',
    args.stepHost,
    '-StepScript',
    args.stepScript,
    '-ParamsFile',
    args.paramsFile,
  ];
  if (args.preloadModule) list.push('-PreloadModule', args.preloadModule);
  return list;
}

function defaultIsExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function missing(message: string): WinJoinError {
  return new WinJoinError('E_POWERSHELL_MISSING', message);
}
