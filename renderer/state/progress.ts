/**
 * The latest byte-counting progress of each step (downloads), kept as events
 * arrive so the Join page never rescans a long journal to draw its bars.
 */
import type { JournalEvent } from '../../shared/events.js';

export type ProgressEvent = Extract<JournalEvent, { type: 'step.progress' }>;
export type ProgressByStep = Readonly<Record<string, ProgressEvent>>;

export function latestProgress(current: ProgressByStep, batch: readonly JournalEvent[]): ProgressByStep {
  let next: Record<string, ProgressEvent> | null = null;
  for (const event of batch) {
    // Waits without bytes (a node becoming Ready) stay log lines; only transfers get a bar.
    if (event.type !== 'step.progress' || event.bytes === undefined) continue;
    const held = (next ?? current)[event.stepId];
    if (held && held.seq >= event.seq) continue;
    next ??= { ...current };
    next[event.stepId] = event;
  }
  return next ?? current;
}

/** "12.3 MiB": binary units, one decimal, the same in every language. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
