import { describe, expect, it } from 'vitest';
import { restrictStateDir } from './restrict-state-dir.js';

describe('restrictStateDir', () => {
  it('on Windows, removes inherited access and grants Administrators and SYSTEM only, by SID', async () => {
    const calls: [string, readonly string[]][] = [];
    const ok = await restrictStateDir(
      'C:\\ProgramData\\WinJoin',
      'win32',
      async (file, args) => (calls.push([file, args]), { exitCode: 0 }),
    );
    expect(ok).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toMatch(/System32\\icacls\.exe$/);
    expect(calls[0]![1]).toEqual([
      'C:\\ProgramData\\WinJoin',
      '/inheritance:r',
      '/grant:r',
      '*S-1-5-32-544:(OI)(CI)F',
      '/grant:r',
      '*S-1-5-18:(OI)(CI)F',
    ]);
  });

  it('reports a failed icacls, and does nothing off Windows (files are 0600 there)', async () => {
    expect(await restrictStateDir('C:\\x', 'win32', async () => ({ exitCode: 5 }))).toBe(false);
    let called = false;
    expect(await restrictStateDir('/tmp/x', 'linux', async () => ((called = true), { exitCode: 0 }))).toBe(false);
    expect(called).toBe(false);
  });
});
