/**
 * The state directory holds the plan's parameters (a proxy password among
 * them), the kubeconfig's upload and the journal. Files are created 0600 on
 * POSIX; on Windows %ProgramData% subfolders inherit an ACL that lets every
 * user read, so the folder is cut off from inheritance and granted to
 * Administrators and SYSTEM only (by well-known SID, so a localized Windows
 * with other group names gets the same ACL).
 */
import path from 'node:path';
import { execa } from 'execa';

export const ADMINS_AND_SYSTEM_ACL = ['/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '/grant:r', '*S-1-5-18:(OI)(CI)F'] as const;

export type CommandRunner = (file: string, args: readonly string[]) => Promise<{ exitCode?: number }>;

const runIcacls: CommandRunner = (file, args) => execa(file, [...args], { reject: false, windowsHide: true });

export async function restrictStateDir(
  dir: string,
  platform: NodeJS.Platform = process.platform,
  run: CommandRunner = runIcacls,
): Promise<boolean> {
  if (platform !== 'win32') return false;
  const icacls = path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'icacls.exe');
  const result = await run(icacls, [dir, ...ADMINS_AND_SYSTEM_ACL]);
  return result.exitCode === 0;
}
