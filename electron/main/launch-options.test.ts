import { describe, expect, it } from 'vitest';
import { relaunchCommand, wizardOptions } from './launch-options.js';

describe('relaunchCommand', () => {
  it('passes the state directory to the resumed app, so it continues this join and not the default directory', () => {
    const app = { execPath: 'C:\\Program Files\\WinJoin\\WinJoin.exe', isPackaged: true, appPath: 'unused' };
    const command = relaunchCommand('win32', app, 'D:\\winjoin-state', '--resume-after-restart');
    expect(command).toEqual({
      exePath: 'C:\\Program Files\\WinJoin\\WinJoin.exe',
      args: ['--resume-after-restart', '--state-dir', 'D:\\winjoin-state'],
    });
    // The relaunched app reads it back.
    expect(wizardOptions(command!.args).stateDir).toBe('D:\\winjoin-state');
    expect(relaunchCommand('win32', { ...app, isPackaged: false, appPath: 'C:\\src\\app' }, 'D:\\s', '--r')?.args).toEqual([
      'C:\\src\\app',
      '--r',
      '--state-dir',
      'D:\\s',
    ]);
    expect(relaunchCommand('linux', app, '/s', '--r')).toBeNull();
  });
});
