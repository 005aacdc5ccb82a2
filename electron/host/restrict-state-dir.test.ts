import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WinJoinError } from '../../shared/errors.js';
import { secureStateDir } from './restrict-state-dir.js';

describe('secureStateDir', () => {
  it('on Windows, creates or checks the folder through WinJoin.SecureDirectory, by full paths, the folder as an argument', async () => {
    const calls: [string, readonly string[]][] = [];
    await secureStateDir('C:\\ProgramData\\WinJoin', 'C:\\Program Files\\WinJoin\\resources\\powershell', 'win32', async (file, args) => {
      calls.push([file, args]);
      return { exitCode: 0 };
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toMatch(/^C:\\Windows\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe$/);
    const args = calls[0]![1];
    expect(args.slice(-3)).toEqual([
      'C:\\Program Files\\WinJoin\\resources\\powershell\\WinJoin.Host.psm1',
      'C:\\Program Files\\WinJoin\\resources\\powershell\\WinJoin.SecureDirectory.psm1',
      'C:\\ProgramData\\WinJoin',
    ]);
    expect(args.join(' ')).toContain('Initialize-WinJoinOwnedDirectory -Path $Dir');
  });

  it('refuses a state directory the check refuses (a squatted %ProgramData%\\WinJoin), with its reason; a failed check is never ignored', async () => {
    const error = await secureStateDir('C:\\ProgramData\\WinJoin', 'C:\\ps', 'win32', async () => ({
      exitCode: 1,
      stderr: 'C:\\ProgramData\\WinJoin is owned by S-1-5-21-1-2-3-1001, not by Administrators or SYSTEM\r\nat line 1',
    })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WinJoinError);
    expect(error).toMatchObject({ code: 'E_DIR_NOT_OWNED', params: { path: 'C:\\ProgramData\\WinJoin' } });
    expect((error as WinJoinError).params.detail).toBe(
      'C:\\ProgramData\\WinJoin is owned by S-1-5-21-1-2-3-1001, not by Administrators or SYSTEM',
    );
  });

  it('off Windows, creates the folder for the owner only', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-sd-')), 'state');
    let called = false;
    await secureStateDir(dir, '/unused', 'linux', async () => ((called = true), { exitCode: 0 }));
    expect(called).toBe(false);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});
