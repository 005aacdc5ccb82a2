/**
 * Whatever the engine sends, what a person reads is a sentence in their
 * language: no `{{placeholder}}` left, no raw engine enum (succeeded, pass,
 * restart-pending, E_DOWNLOAD_CHECKSUM), and in Japanese no English sentence.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../shared/i18n/translator.js';
import { ERROR_CODES } from '../../../shared/errors.js';
import type { JournalEvent } from '../../../shared/events.js';
import { catalogues, LANGUAGES } from '../../../shared/i18n/index.js';
import type { Translate } from '../../../shared/i18n/messages.js';
import { STEP_STATUSES } from '../../../shared/steps.js';
import { renderLine, toLogLine } from './log-lines.js';

const translator = (lng: 'en' | 'ja') => createTranslator(lng) as unknown as Translate;

const ts = '2026-01-01T00:00:00.000Z';
const base = { ts, runId: 'r' };
let seq = 0;
const ev = (e: Record<string, unknown>) => ({ ...base, seq: ++seq, ...e }) as JournalEvent;

/** Every check detail key the scripts can send, with the values they send. */
function checkEvents(): JournalEvent[] {
  const details = catalogues.en.checkDetails as Record<string, Record<string, string>>;
  const out: JournalEvent[] = [];
  for (const [checkId, variants] of Object.entries(details))
    for (const variant of Object.keys(variants)) {
      const sentence = variants[variant] ?? '';
      const params = Object.fromEntries([...sentence.matchAll(/\{\{(\w+)\}\}/g)].map((m) => [m[1], `V${m.index}`]));
      out.push(
        ev({
          type: 'step.check',
          stepId: 'prerequisites',
          checkId,
          status: 'warn',
          detail: 'English record',
          detailKey: `checkDetails.${checkId}.${variant}`,
          detailParams: params,
        }),
      );
    }
  return out;
}

const events: JournalEvent[] = [
  ev({ type: 'run.started', resumed: false, rehearsal: true, stepIds: ['binaries'] }),
  ev({ type: 'run.started', resumed: true, rehearsal: true, stepIds: ['binaries'] }),
  ...(['succeeded', 'failed', 'cancelled', 'restart-required'] as const).map((outcome) => ev({ type: 'run.finished', outcome })),
  ev({ type: 'step.started', stepId: 'binaries', attempt: 2 }),
  ...STEP_STATUSES.map((status) => ev({ type: 'step.finished', stepId: 'binaries', status, durationMs: 1 })),
  // Every error code, once with no parameters at all (an older engine, a code thrown bare).
  ...ERROR_CODES.map((code) =>
    ev({ type: 'step.finished', stepId: 'binaries', status: 'failed', durationMs: 1, error: { code, message: 'English' } }),
  ),
  ev({
    type: 'step.finished',
    stepId: 'binaries',
    status: 'failed',
    durationMs: 1,
    error: { code: 'E_DOWNLOAD_CHECKSUM', message: 'x', params: { file: 'kubectl.exe', expected: 'aa11', actual: 'bb22' } },
  }),
  ...(['pass', 'warn', 'fail'] as const).map((status) => ev({ type: 'step.check', stepId: 'kubelet', checkId: 'node-ready', status })),
  ev({ type: 'step.check', stepId: 'kubelet', checkId: 'a-check-from-a-newer-script', status: 'pass' }),
  ...checkEvents(),
];

// An enum shows raw as "finished: succeeded" or "restart-pending"; in Japanese any of these words is one.
const RAW_ENUM = {
  en: /\b(restart-required|restart-pending|E_[A-Z_]+)\b|: (succeeded|failed|cancelled|pass|warn|fail|done|skipped|pending)\b/,
  ja: /\b(succeeded|restart-required|restart-pending|pending|running|done|skipped|cancelled|failed|pass|warn|fail|E_[A-Z_]+)\b/,
};

describe.each(LANGUAGES)('engine text in %s', (lng) => {
  const t = translator(lng);
  const rendered = events.map((e) => ({ e, text: renderLine(t, toLogLine(e)) }));

  it('leaves no placeholder and no raw engine enum in any line', () => {
    for (const { e, text } of rendered) {
      expect(text, JSON.stringify(e)).not.toMatch(/\{\{|\}\}/);
      expect(text, JSON.stringify(e)).not.toMatch(RAW_ENUM[lng]);
      expect(text.trim(), JSON.stringify(e)).not.toBe('');
    }
  });

  it('words a failure from its code and parameters: the file and both digests', () => {
    const line = rendered.find(({ e }) => e.type === 'step.finished' && e.error?.params?.file)?.text ?? '';
    expect(line).toContain('kubectl.exe');
    expect(line).toContain('aa11');
    expect(line).toContain('bb22');
  });

  if (lng === 'ja')
    it('shows no English sentence from the engine', () => {
      for (const { e, text } of rendered) expect(text, JSON.stringify(e)).not.toMatch(/English record|[A-Za-z]+ [a-z]+ [a-z]+ [a-z]+/);
    });
});
