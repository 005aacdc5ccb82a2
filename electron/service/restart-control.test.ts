import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../shared/ipc/contract.js';
import type { RunPhase } from '../../shared/state.js';
import { dispatch } from './dispatch.js';
import type { RehearsalSession } from './deps.js';
import { createRestartControl, type RestartControlOptions } from './restart-control.js';

let dir: string;
// 3 December 2026, 09:30 local time; the control's clock, moved by the tests.
let clock: Date;
let phase: RunPhase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-restart-'));
  clock = new Date(2026, 11, 3, 9, 30);
  phase = 'restart-required';
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(dir, { recursive: true, force: true });
});

function control(overrides: Partial<RestartControlOptions> = {}) {
  const made = createRestartControl({
    stateDir: dir,
    phase: () => phase,
    stepsAsking: () => ['windows-features'],
    rehearsal: null,
    relaunch: null,
    deps: {},
    now: () => clock,
    ...overrides,
  });
  const call = (channel: string, payload: unknown) => dispatch(made.handlers as Handlers, channel, payload);
  return { ...made, call };
}

function simulatedMachine() {
  const machine = { restarts: 0 };
  const rehearsal = { restartMachine: () => void machine.restarts++ } as unknown as RehearsalSession;
  return { machine, rehearsal };
}

/** The desktop app on Windows, with shutdown.exe and the resume script recorded instead of run. */
function windowsApp(shutdownExit: (args: string[]) => number = (args) => (args[0] === '/a' ? 1116 : 0)) {
  const shutdowns: string[][] = [];
  const scripts: [string, Record<string, unknown>][] = [];
  return {
    shutdowns,
    scripts,
    options: {
      platform: 'win32' as const,
      relaunch: { exePath: 'C:\\Program Files\\WinJoin\\WinJoin.exe', args: ['--resume-after-restart'] },
      deps: {
        runSystemScript: async (script: string, params: Record<string, unknown>) => void scripts.push([script, params]),
        runShutdown: async (args: string[]) => {
          shutdowns.push(args);
          return { exitCode: shutdownExit(args) };
        },
      },
    },
  };
}

const tomorrow0230 = () => new Date(2026, 11, 4, 2, 30).toISOString();

describe('system:restart with a time, validated in main', () => {
  it('refuses a time that is not an ISO moment with its offset, or extra fields, before any handler runs', async () => {
    const { call } = control(simulatedMachine());
    for (const payload of [
      { when: 'scheduled' },
      { when: 'scheduled', at: 'tomorrow 02:30' },
      { when: 'scheduled', at: '2026-12-04T02:30:00' },
      { when: 'scheduled', at: tomorrow0230(), extra: 1 },
      { when: 'now', at: tomorrow0230() },
      { when: 'soon' },
    ]) {
      expect(await call('system:restart', payload), JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: 'E_INVALID_REQUEST' },
      });
    }
  });

  it('refuses a time in the past, less than a minute ahead, or more than 7 days ahead, naming the field', async () => {
    const { machine, rehearsal } = simulatedMachine();
    const { call } = control({ rehearsal });
    const cases: [Date, string][] = [
      [new Date(2026, 11, 3, 9, 0), 'past'],
      [new Date(2026, 11, 3, 9, 30, 30), 'past'],
      [new Date(2026, 11, 10, 9, 31), 'too-far'],
    ];
    for (const [at, problem] of cases) {
      expect(await call('system:restart', { when: 'scheduled', at: at.toISOString() })).toMatchObject({
        ok: false,
        error: { code: 'E_RESTART_TIME', params: { field: 'restartAt', problem, maxDays: '7' } },
      });
    }
    vi.runAllTimers();
    expect(machine.restarts).toBe(0);
  });

  it('is refused unless the join waits for a restart', async () => {
    phase = 'succeeded';
    const { call } = control(simulatedMachine());
    expect(await call('system:restart', { when: 'scheduled', at: tomorrow0230() })).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_REQUEST', params: { field: 'phase' } },
    });
  });
});

describe('a scheduled restart in a rehearsal', () => {
  it('restarts the simulated machine at that time, not before', async () => {
    const { machine, rehearsal } = simulatedMachine();
    const { call } = control({ rehearsal });
    const at = tomorrow0230();
    expect(await call('system:restart', { when: 'scheduled', at })).toEqual({
      ok: true,
      result: { scheduled: false, restarting: false, simulated: true, restartAt: at },
    });
    expect(await call('system:restartStatus', {})).toMatchObject({ result: { restartAt: at, simulatedRestarted: false } });
    // 17 hours after 09:30 it is 02:30 the next day.
    vi.advanceTimersByTime(17 * 3600_000 - 1000);
    expect(machine.restarts).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(machine.restarts).toBe(1);
    expect(await call('system:restartStatus', {})).toMatchObject({ result: { restartAt: null, simulatedRestarted: true } });
  });

  it('can be cancelled, and is no error to cancel twice only while one is scheduled', async () => {
    const { machine, rehearsal } = simulatedMachine();
    const { call } = control({ rehearsal });
    await call('system:restart', { when: 'scheduled', at: tomorrow0230() });
    expect(await call('system:cancelRestart', {})).toMatchObject({ ok: true, result: { restartAt: null, simulated: true } });
    vi.runAllTimers();
    expect(machine.restarts).toBe(0);
    expect(await call('system:cancelRestart', {})).toMatchObject({ ok: false, error: { code: 'E_INVALID_REQUEST' } });
  });

  it('restarts once when Restart now replaces the schedule, and a resume does not restart it again', async () => {
    const { machine, rehearsal } = simulatedMachine();
    const made = control({ rehearsal });
    await made.call('system:restart', { when: 'scheduled', at: tomorrow0230() });
    await made.call('system:restart', { when: 'now' });
    made.beforeResume();
    vi.runAllTimers();
    expect(machine.restarts).toBe(1);
  });

  it('is kept in the state directory: a reopened WinJoin shows it and restarts the machine at that time', async () => {
    const first = simulatedMachine();
    await control({ rehearsal: first.rehearsal }).call('system:restart', { when: 'scheduled', at: tomorrow0230() });
    const again = simulatedMachine();
    const reopened = control({ rehearsal: again.rehearsal });
    expect(await reopened.call('system:restartStatus', {})).toMatchObject({ result: { restartAt: tomorrow0230() } });
    vi.advanceTimersByTime(17 * 3600_000);
    expect(again.machine.restarts).toBe(1);
  });
});

describe('a scheduled restart on Windows', () => {
  it('arranges the resume at logon, then asks shutdown.exe for the restart with seconds, reason and comment', async () => {
    const win = windowsApp();
    const { call } = control(win.options);
    const at = tomorrow0230();
    expect(await call('system:restart', { when: 'scheduled', at })).toEqual({
      ok: true,
      result: { scheduled: true, restarting: false, simulated: false, restartAt: at },
    });
    expect(win.scripts).toEqual([
      ['Register-WinJoinResume.ps1', { ExePath: win.options.relaunch.exePath, Arguments: ['--resume-after-restart'], RestartNow: false }],
    ]);
    expect(win.shutdowns).toEqual([
      ['/r', '/t', String(17 * 3600), '/d', 'p:2:4', '/c', expect.stringContaining('windows-features installed the Containers feature')],
    ]);
    expect(win.shutdowns.flat().some((arg) => arg.includes('"'))).toBe(false);
  });

  it('cancels with shutdown /a and keeps the resume at logon; Restart now first cancels the scheduled one', async () => {
    const win = windowsApp();
    const { call } = control(win.options);
    await call('system:restart', { when: 'scheduled', at: tomorrow0230() });
    expect(await call('system:cancelRestart', {})).toMatchObject({ ok: true, result: { scheduled: true, restartAt: null } });
    expect(win.shutdowns.at(-1)).toEqual(['/a']);
    await call('system:restart', { when: 'scheduled', at: tomorrow0230() });
    await call('system:restart', { when: 'now' });
    expect(win.shutdowns.at(-1)).toEqual(['/a']);
    expect(win.scripts.at(-1)?.[1]).toMatchObject({ RestartNow: true });
    expect(await call('system:restartStatus', {})).toMatchObject({ result: { restartAt: null } });
  });

  it('reports Windows refusing the restart with its exit code, and keeps nothing scheduled', async () => {
    // 1190: a system shutdown has already been scheduled.
    const win = windowsApp(() => 1190);
    const { call } = control(win.options);
    expect(await call('system:restart', { when: 'scheduled', at: tomorrow0230() })).toMatchObject({
      ok: false,
      error: { code: 'E_RESTART_SCHEDULE', params: { exitCode: '1190' } },
    });
    expect(await call('system:restartStatus', {})).toMatchObject({ result: { restartAt: null } });
  });

  it('forgets a schedule whose time passed while WinJoin was closed (Windows restarted)', async () => {
    const win = windowsApp();
    await control(win.options).call('system:restart', { when: 'scheduled', at: tomorrow0230() });
    clock = new Date(2026, 11, 4, 8, 0);
    expect(await control(win.options).call('system:restartStatus', {})).toMatchObject({ result: { restartAt: null } });
  });

  it('is refused outside the desktop app on Windows', async () => {
    const win = windowsApp();
    const { call } = control({ ...win.options, platform: 'linux' });
    expect(await call('system:restart', { when: 'scheduled', at: tomorrow0230() })).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_REQUEST', message: expect.stringMatching(/desktop app on Windows/) },
    });
    expect(win.shutdowns).toEqual([]);
  });
});
