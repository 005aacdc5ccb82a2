import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPowerShell, stepHostArgs } from './find-powershell.js';

const only =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('findPowerShell', () => {
  it('takes Windows PowerShell 5.1 from the system directory on Windows, never from PATH', () => {
    const exe = 'D:\\Win\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    const env = { SystemRoot: 'D:\\Win', PATH: 'C:\\evil', WINJOIN_PWSH: '/usr/bin/pwsh' };
    expect(findPowerShell({ platform: 'win32', env, isExecutable: only(exe, 'C:\\evil\\powershell.exe') })).toBe(exe);
  });

  it('fails clearly on Windows when powershell.exe is missing', () => {
    expect(() => findPowerShell({ platform: 'win32', env: { SystemRoot: 'C:\\Windows' }, isExecutable: () => false })).toThrow(
      expect.objectContaining({ code: 'E_POWERSHELL_MISSING' }),
    );
  });

  it('prefers WINJOIN_PWSH, then pwsh on PATH, then the dotnet tool', () => {
    const onPath = path.join('/opt/ps', 'pwsh');
    const tool = path.join('/home/u', '.dotnet', 'tools', 'pwsh');
    const all = only('/custom/pwsh', onPath, tool);
    const base = { platform: 'linux' as const, homeDir: '/home/u' };
    expect(findPowerShell({ ...base, env: { WINJOIN_PWSH: '/custom/pwsh', PATH: '/opt/ps' }, isExecutable: all })).toBe('/custom/pwsh');
    expect(findPowerShell({ ...base, env: { PATH: `/nothing${path.delimiter}/opt/ps` }, isExecutable: all })).toBe(onPath);
    expect(findPowerShell({ ...base, env: { PATH: '/nothing' }, isExecutable: all })).toBe(tool);
  });

  it('refuses a WINJOIN_PWSH that does not exist rather than falling back', () => {
    const tool = path.join('/home/u', '.dotnet', 'tools', 'pwsh');
    expect(() =>
      findPowerShell({ platform: 'linux', homeDir: '/home/u', env: { WINJOIN_PWSH: '/missing/pwsh' }, isExecutable: only(tool) }),
    ).toThrow(expect.objectContaining({ code: 'E_POWERSHELL_MISSING', message: expect.stringContaining('/missing/pwsh') }));
  });

  it('fails clearly when no pwsh exists anywhere', () => {
    expect(() => findPowerShell({ platform: 'linux', homeDir: '/home/u', env: { PATH: '/usr/bin' }, isExecutable: () => false })).toThrow(
      expect.objectContaining({ code: 'E_POWERSHELL_MISSING' }),
    );
  });

  it('finds the real pwsh on this machine', () => {
    expect(path.basename(findPowerShell())).toMatch(/^(pwsh|powershell\.exe)$/);
  });
});

describe('stepHostArgs', () => {
  it('passes only paths, the preload module only when given', () => {
    const base = { stepHost: '/ps/Invoke-WinJoinStep.ps1', stepScript: '/ps/steps/docker.ps1', paramsFile: '/tmp/x/params.json' };
    expect(stepHostArgs(base)).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-File',
      '/ps/Invoke-WinJoinStep.ps1',
      '-StepScript',
      '/ps/steps/docker.ps1',
      '-ParamsFile',
      '/tmp/x/params.json',
    ]);
    expect(stepHostArgs({ ...base, preloadModule: '/r/WinJoin.Simulated.psm1' }).slice(-2)).toEqual([
      '-PreloadModule',
      '/r/WinJoin.Simulated.psm1',
    ]);
  });
});
