import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatClock } from './clock.js';
import { englishT } from './english.js';
import { createTranslator } from './translator.js';

describe('the clock format', () => {
  let zone: string | undefined;
  beforeEach(() => {
    zone = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
  });
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  const now = new Date('2026-12-03T03:00:00Z'); // 12:00 in Tokyo

  it('shows a moment later today as the local clock time, in each language', () => {
    expect(formatClock('2026-12-03T05:32:00Z', 'ja', now)).toBe('14:32');
    expect(formatClock('2026-12-03T05:32:00Z', 'en', now)).toBe('2:32 PM');
  });

  it('adds the date when the moment is not today', () => {
    expect(formatClock('2026-12-03T15:32:00Z', 'en', now)).toBe('Dec 4, 12:32 AM');
    expect(formatClock('2026-12-03T15:32:00Z', 'ja', now)).toBe('12月4日 0:32');
  });

  it('shows what is not a date as it came', () => {
    expect(formatClock('soon', 'en', now)).toBe('soon');
    expect(formatClock(undefined, 'en', now)).toBe('');
  });

  it('is applied by the CLI translator and by englishT, so no {{ reaches a reader', () => {
    const expires = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const ja = createTranslator('ja')('joinGate.tokenCreated', { id: 'abcdef', expires });
    const en = englishT('joinGate.tokenCreated', { id: 'abcdef', expires });
    for (const text of [ja, en]) {
      expect(text).not.toContain('{{');
      expect(text).not.toContain(expires);
      expect(text).toContain(formatClock(expires, text === ja ? 'ja' : 'en'));
    }
  });
});
