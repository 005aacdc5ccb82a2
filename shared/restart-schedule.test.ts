import { describe, expect, it } from 'vitest';
import {
  MAX_SCHEDULE_DAYS,
  nextOccurrence,
  parseClockTime,
  restartMoment,
  restartTimeProblem,
  secondsUntil,
  shutdownArguments,
  shutdownComment,
} from './restart-schedule.js';

// 3 December 2026, 09:30 local time.
const now = new Date(2026, 11, 3, 9, 30, 0);

describe('parseClockTime', () => {
  it('accepts 24-hour HH:MM only', () => {
    expect(parseClockTime('02:30')).toEqual([2, 30]);
    expect(parseClockTime(' 23:59 ')).toEqual([23, 59]);
    for (const bad of ['2:30', '24:00', '12:60', '2pm', '', '02:30:00', '02.30']) expect(parseClockTime(bad)).toBeNull();
  });
});

describe('restartMoment', () => {
  it('is HH:MM on the day dayOffset days from now, in local time', () => {
    expect(restartMoment(0, '22:15', now)).toEqual(new Date(2026, 11, 3, 22, 15));
    expect(restartMoment(1, '02:00', now)).toEqual(new Date(2026, 11, 4, 2, 0));
    // Across a month's end.
    expect(restartMoment(1, '01:00', new Date(2026, 11, 31, 23, 0))).toEqual(new Date(2027, 0, 1, 1, 0));
    expect(restartMoment(0, '25:00', now)).toBeNull();
  });
});

describe('restartTimeProblem', () => {
  it('names what is wrong with the moment', () => {
    expect(restartTimeProblem(null, now)).toBe('format');
    expect(restartTimeProblem(new Date(Number.NaN), now)).toBe('format');
    expect(restartTimeProblem(new Date(2026, 11, 3, 9, 0), now)).toBe('past');
    // Less than a minute ahead: Windows' warning to signed-in users would have no time to show.
    expect(restartTimeProblem(new Date(2026, 11, 3, 9, 30, 30), now)).toBe('past');
    expect(restartTimeProblem(new Date(2026, 11, 3, 9, 31), now)).toBeNull();
    expect(restartTimeProblem(new Date(2026, 11, 3 + MAX_SCHEDULE_DAYS, 9, 30), now)).toBeNull();
    expect(restartTimeProblem(new Date(2026, 11, 3 + MAX_SCHEDULE_DAYS, 9, 31), now)).toBe('too-far');
  });
});

describe('nextOccurrence', () => {
  it('is today when still ahead, else tomorrow', () => {
    expect(nextOccurrence('22:00', now)).toEqual(new Date(2026, 11, 3, 22, 0));
    expect(nextOccurrence('02:00', now)).toEqual(new Date(2026, 11, 4, 2, 0));
    expect(nextOccurrence('09:30', now)).toEqual(new Date(2026, 11, 4, 9, 30));
    expect(nextOccurrence('9:30', now)).toBeNull();
  });
});

describe('shutdownArguments', () => {
  it('restarts after the delay with a planned reason and the comment, as separate arguments', () => {
    const at = new Date(2026, 11, 4, 2, 0);
    expect(shutdownArguments(secondsUntil(at, now), 'WinJoin: docker installed the Containers feature')).toEqual([
      '/r',
      '/t',
      '59400',
      '/d',
      'p:2:4',
      '/c',
      'WinJoin: docker installed the Containers feature',
    ]);
  });

  it('never passes a double quote or a comment shutdown.exe refuses', () => {
    expect(() => shutdownArguments(60, 'say "hi"')).toThrow(/double quote/);
    expect(() => shutdownArguments(1.5, 'x')).toThrow(/whole seconds/);
    const comment = shutdownComment(['windows-features', 'docker', 'a-very-long-step-name-that-goes-on', 'and-on-and-on']);
    expect(shutdownArguments(60, comment).at(-1)!.length).toBeLessThanOrEqual(127);
    expect(shutdownComment(['windows-features'])).not.toContain('"');
  });
});
