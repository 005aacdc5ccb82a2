import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../shared/events.js';
import { formatBytes, latestProgress } from './progress.js';

const ts = '2024-01-01T00:00:00Z';
const progress = (seq: number, stepId: 'binaries' | 'kubelet', bytes?: number): JournalEvent => ({
  seq,
  ts,
  runId: 'r',
  type: 'step.progress',
  stepId,
  percent: null,
  message: 'kubelet.exe',
  ...(bytes === undefined ? {} : { bytes, totalBytes: 1000 }),
});

describe('download progress', () => {
  it('keeps the newest byte count per step and ignores waits without bytes', () => {
    const first = latestProgress({}, [progress(1, 'binaries', 10), progress(2, 'binaries', 500), progress(3, 'kubelet')]);
    expect(Object.keys(first)).toEqual(['binaries']);
    expect(first.binaries?.bytes).toBe(500);
    // A replayed older event (catch-up after reconnect) does not move the bar back.
    expect(latestProgress(first, [progress(1, 'binaries', 10)])).toBe(first);
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(40 * 1024 * 1024)).toBe('40.0 MiB');
  });
});
