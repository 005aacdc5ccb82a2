/**
 * Every engine message a person reads (a failure card, a live-log line, the
 * ticket summary) is made here from a stable code plus parameters, in the
 * reader's language. Engine enums (statuses, outcomes, check ids, error
 * codes) are translated, never shown raw; a value a sentence names but the
 * engine did not send becomes the catalogue's "unknown" word rather than a
 * raw `{{placeholder}}`. Pure: the renderer passes react-i18next's t, the CLI
 * and the bundle an i18next instance's t.
 */

/** The subset of i18next's t these functions use. */
export type Translate = (key: string | string[], options?: Record<string, unknown>) => string;

export interface ErrorLike {
  code: string;
  params?: Record<string, string> | undefined;
}

/** Names inside {{ }} of a catalogue sentence. */
export function placeholders(sentence: string): string[] {
  return [...sentence.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1] ?? '');
}

/**
 * t(key, params), with every placeholder the sentence names filled: missing
 * values read "unknown" in the reader's language, never "{{file}}".
 */
export function translateFilled(t: Translate, keys: string | string[], params: Record<string, unknown> = {}): string {
  // i18next leaves a placeholder it has no value for as it was: those are the missing ones.
  const first = t(keys, params);
  const missing = placeholders(first);
  if (missing.length === 0) return first;
  const unknown = t('common.unknownValue');
  return t(keys, { ...params, ...Object.fromEntries(missing.map((name) => [name, unknown])) });
}

/** errors.<code> with its parameters; an unknown code reads as the internal-error sentence. */
export function errorMessage(t: Translate, error: ErrorLike): string {
  return translateFilled(t, [`errors.${error.code}`, 'errors.E_INTERNAL'], error.params ?? {});
}

/** A step's check as a sentence: its translated title, status and detail. */
export interface CheckLike {
  checkId: string;
  status: string;
  detail?: string | undefined;
  detailKey?: string | undefined;
  detailParams?: Record<string, string> | undefined;
}

/**
 * The detail of a check in the reader's language: scripts send a key and
 * parameters (checkDetails.<id>.<variant>); an older script's English detail
 * is shown as it came only when it sent no key.
 */
export function checkDetail(t: Translate, check: CheckLike): string {
  if (check.detailKey) return translateFilled(t, check.detailKey, check.detailParams ?? {});
  return check.detail ?? '';
}

export function checkTitle(t: Translate, checkId: string): string {
  return t([`checks.${checkId}.title`, 'checks.unknownTitle'], { id: checkId });
}

export function statusWord(t: Translate, status: string): string {
  return t([`pages.join.status.${status}`, `checkStatus.${status}`, 'common.unknownValue']);
}

export function checkSentence(t: Translate, check: CheckLike): string {
  return translateFilled(t, 'log.check', {
    check: checkTitle(t, check.checkId),
    status: t([`checkStatus.${check.status}`, 'common.unknownValue']),
    detail: checkDetail(t, check),
  });
}
