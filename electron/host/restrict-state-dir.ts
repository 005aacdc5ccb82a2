/**
 * The state directory holds the plan's parameters (a proxy password among
 * them), uploaded kubeconfigs, answers and the journal, and resume trusts
 * the saved plan. On Windows, %ProgramData% lets any user create a folder
 * there before WinJoin's first run; `icacls /inheritance:r /grant:r` alone
 * keeps that user as owner (who can change the ACL back), keeps their
 * explicit entries and follows a junction. So on Windows the folder goes
 * through WinJoin.SecureDirectory (the same rules as the install directory):
 * created admin-only when missing, refused with the fix when it is a link,
 * owned by someone else or open to anyone else. Files inside inherit the
 * admin-only ACL. Off Windows it is created 0700 (files are written 0600).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { WinJoinError } from '../../shared/errors.js';

export type CommandRunner = (file: string, args: readonly string[]) => Promise<{ exitCode?: number; stdout?: string; stderr?: string }>;

const runPowerShell: CommandRunner = (file, args) => execa(file, [...args], { reject: false, windowsHide: true });

/** The PowerShell command line that creates or checks `dir`; the path travels as an argument, never inside the command text. */
export function secureDirCommand(dir: string, powershellDir: string, systemRoot = process.env.SystemRoot ?? 'C:\\Windows') {
  const module = path.win32.join(powershellDir, 'WinJoin.SecureDirectory.psm1');
  const host = path.win32.join(powershellDir, 'WinJoin.Host.psm1');
  const script =
    "param($HostModule, $Module, $Dir) $ErrorActionPreference = 'Stop'; Import-Module $HostModule; Import-Module $Module; " +
    '[void](Initialize-WinJoinOwnedDirectory -Path $Dir)';
  return {
    // By full path: a powershell.exe earlier on PATH must not run as Administrator.
    file: path.win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
    args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', `& { ${script} }`, host, module, dir],
  };
}

export async function secureStateDir(
  dir: string,
  powershellDir: string,
  platform: NodeJS.Platform = process.platform,
  run: CommandRunner = runPowerShell,
): Promise<void> {
  if (platform !== 'win32') {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return;
  }
  const { file, args } = secureDirCommand(dir, powershellDir);
  const result = await run(file, args);
  if (result.exitCode !== 0) {
    const detail = (result.stderr || result.stdout || `exit ${String(result.exitCode)}`).trim().split(/\r?\n/)[0] ?? '';
    throw new WinJoinError('E_DIR_NOT_OWNED', `The state directory ${dir} is not safe to use: ${detail}`, { path: dir, detail });
  }
}
