/**
 * Journal events as log lines: one line per event, with a step, a level
 * and either raw script output or an i18n key. Filtering and copying work
 * on these lines; translation happens where they are rendered.
 */
import type { JournalEvent } from '../../../shared/events.js';
import {
  checkSentence,
  errorMessage,
  translateFilled,
  type CheckLike,
  type ErrorLike,
  type Translate,
} from '../../../shared/i18n/messages.js';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogLine {
  seq: number;
  ts: string;
  stepId: string | null;
  level: LogLevel;
  /** Script output, shown as it was written. */
  text?: string;
  key?: string;
  params?: Record<string, string | number>;
  /** A check result, worded from its id, status and detail key in the reader's language. */
  check?: CheckLike;
  /** Why a step failed: errors.<code> with its parameters. */
  error?: ErrorLike;
}

export function toLogLine(event: JournalEvent): LogLine {
  const base = { seq: event.seq, ts: event.ts };
  switch (event.type) {
    case 'run.started':
      return { ...base, stepId: null, level: 'info', key: event.resumed ? 'log.runResumed' : 'log.runStarted' };
    case 'run.finished':
      return {
        ...base,
        stepId: null,
        level: event.outcome === 'failed' ? 'error' : 'info',
        key: `log.runOutcome.${event.outcome}`,
      };
    case 'reset.started':
      return { ...base, stepId: null, level: 'info', key: 'log.resetStarted', params: { count: event.stepIds.length } };
    case 'reset.finished':
      return {
        ...base,
        stepId: null,
        level: event.outcome === 'incomplete' ? 'error' : 'info',
        key: `log.resetOutcome.${event.outcome}`,
      };
    case 'step.started':
      return { ...base, stepId: event.stepId, level: 'info', key: 'log.stepStarted', params: { attempt: event.attempt } };
    case 'step.output':
      return { ...base, stepId: event.stepId, level: outputLevel(event.stream, event.line), text: event.line };
    case 'step.progress':
      // Waits with no end in sight (a node becoming Ready) have no percentage; say only what is awaited.
      return event.percent === null
        ? { ...base, stepId: event.stepId, level: 'info', key: 'log.progressMessage', params: { message: event.message ?? '' } }
        : {
            ...base,
            stepId: event.stepId,
            level: 'info',
            key: 'log.progress',
            params: { percent: event.percent, message: event.message ?? '' },
          };
    case 'step.check':
      return {
        ...base,
        stepId: event.stepId,
        level: event.status === 'fail' ? 'error' : event.status === 'warn' ? 'warn' : 'info',
        key: 'log.check',
        check: event,
      };
    case 'step.finished':
      return {
        ...base,
        stepId: event.stepId,
        level: event.status === 'failed' ? 'error' : 'info',
        key: `log.stepOutcome.${event.status}`,
        ...(event.status === 'failed' ? { error: event.error ?? { code: 'E_STEP_FAILED' } } : {}),
      };
    case 'note':
      return { ...base, stepId: null, level: event.level, key: event.key, params: event.params ?? {} };
  }
}

/** A line as the reader sees it: script output as written, everything else from its key in their language. */
export function renderLine(t: Translate, line: LogLine): string {
  if (line.text !== undefined) return line.text;
  if (line.check) return checkSentence(t, line.check);
  const params: Record<string, unknown> = { ...line.params };
  if (line.error) params.reason = errorMessage(t, line.error);
  return translateFilled(t, line.key ?? '', params);
}

/** klog's severity letter, then MMDD: the kubelet's and kube-proxy's "E0501 10:00:00.000000 ..." */
const KLOG_SEVERITY = /^([IWEF])\d{4} /;

function outputLevel(stream: Extract<JournalEvent, { type: 'step.output' }>['stream'], line: string): LogLevel {
  if (stream === 'stderr') return 'warn';
  if (stream === 'stdout') return 'info';
  // A service's log mixes its streams; klog says how bad each line is.
  const severity = KLOG_SEVERITY.exec(line)?.[1];
  return severity === 'E' || severity === 'F' ? 'error' : severity === 'W' ? 'warn' : 'info';
}

export interface LogFilter {
  stepId: string | 'all';
  level: LogLevel | 'all';
  search: string;
}

const LEVEL_RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };

/** Lines that match: this step, at least this level, containing the search text (case-insensitive, as shown). */
export function filterLines(lines: readonly LogLine[], filter: LogFilter, render: (line: LogLine) => string): LogLine[] {
  const needle = filter.search.trim().toLowerCase();
  return lines.filter(
    (line) =>
      (filter.stepId === 'all' || line.stepId === filter.stepId) &&
      (filter.level === 'all' || LEVEL_RANK[line.level] >= LEVEL_RANK[filter.level]) &&
      (needle === '' || render(line).toLowerCase().includes(needle)),
  );
}

/** The lines as plain text for the clipboard: time, step, level, message. */
export function linesToText(lines: readonly LogLine[], render: (line: LogLine) => string): string {
  return lines.map((l) => `${l.ts} [${l.stepId ?? '-'}] ${l.level.toUpperCase()} ${render(l)}`).join('\n');
}

/** The lines the view shows, read by index: rows are made only for what scrolls into view. */
export interface LineSource {
  count: number;
  at(index: number): LogLine | undefined;
  all(): LogLine[];
}

export function isUnfiltered(filter: LogFilter): boolean {
  return filter.stepId === 'all' && filter.level === 'all' && filter.search.trim() === '';
}

/**
 * Without a filter (the usual case while a join runs) every event is a line,
 * so nothing is converted ahead: a flood of output costs the view only the
 * rows on screen, not a pass over 200,000 events per batch. A filter needs
 * the pass, and only while it is set.
 */
export function lineSource(events: readonly JournalEvent[], filter: LogFilter, render: (line: LogLine) => string): LineSource {
  if (isUnfiltered(filter)) {
    return {
      count: events.length,
      at: (i) => {
        const event = events[i];
        return event && toLogLine(event);
      },
      all: () => events.map(toLogLine),
    };
  }
  const lines = filterLines(events.map(toLogLine), filter, render);
  return { count: lines.length, at: (i) => lines[i], all: () => lines };
}

/**
 * The indexes of the rows to render for a view `height` pixels high scrolled
 * to `top`, every row `rowPx` high, with `overscan` more rows at each edge.
 * A view not laid out yet (height 0) still gets the overscan's rows.
 */
export function rowWindow(count: number, top: number, height: number, rowPx: number, overscan: number): number[] {
  const first = Math.max(0, Math.floor(top / rowPx) - overscan);
  const end = Math.min(count, Math.ceil((top + height) / rowPx) + overscan);
  const rows: number[] = [];
  for (let i = first; i < end; i++) rows.push(i);
  return rows;
}
