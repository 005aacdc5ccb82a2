import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { parseDigest } from './digest.js';
import { ProgressMeter, type DownloadProgress } from './progress.js';

describe('progress', () => {
  it('emits at most once per interval, with rate and ETA, and always a final event', () => {
    let now = 0;
    const events: DownloadProgress[] = [];
    const meter = new ProgressMeter(
      (p) => events.push(p),
      250,
      () => now,
    );
    meter.start(0, 1000);
    for (let i = 0; i < 40; i++) {
      now += 25; // 40 chunks over one second
      meter.add(10);
    }
    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({ bytes: 100, total: 1000 });
    expect(events[0]!.rate).toBeCloseTo(400, 0);
    expect(events[0]!.etaSeconds).toBeCloseTo(900 / 400, 1);
    meter.finish();
    expect(events.at(-1)).toMatchObject({ bytes: 400, etaSeconds: 0 });
  });

  it('counts resumed bytes and reports an unknown total as null', () => {
    let now = 0;
    const events: DownloadProgress[] = [];
    const meter = new ProgressMeter(
      (p) => events.push(p),
      0,
      () => now,
    );
    meter.start(500, null);
    now += 100;
    meter.add(50);
    expect(events[0]).toMatchObject({ bytes: 550, total: null, etaSeconds: null });
  });
});

describe('digests and backoff', () => {
  it('reads bare hex, "hex  name" and prefixed digests in any case, and refuses the wrong length', () => {
    const hex = 'AB'.repeat(32);
    expect(parseDigest(hex, 'sha256').hex).toBe(hex.toLowerCase());
    expect(parseDigest(`${hex}  kubectl.exe\n`, 'sha256').hex).toBe(hex.toLowerCase());
    expect(parseDigest(`sha256:${hex}`, 'sha256').hex).toBe(hex.toLowerCase());
    expect(() => parseDigest(hex, 'sha512')).toThrow(/SHA512/);
  });

  it('backs off exponentially within a cap and honours Retry-After', () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const d = backoffDelay(attempt, 100, null);
      expect(d).toBeGreaterThanOrEqual(50 * 2 ** attempt);
      expect(d).toBeLessThanOrEqual(100 * 2 ** attempt);
    }
    expect(backoffDelay(0, 100, 3)).toBe(3000);
    expect(backoffDelay(20, 100, null)).toBe(30_000);
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
