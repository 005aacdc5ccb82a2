import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.js';
import { catalogues } from '../i18n/index.js';
import { CHECK_IDS } from './check-ids.js';
import { KNOWN_PROBLEMS, findKnownProblem } from './catalogue.js';
import { KnownProblemSchema } from './schema.js';

/** Error codes no user action causes or fixes (see catalogue-winjoin.ts). */
// E_RESTART_TIME: the restart card's time field says what to correct; nothing to look up.
const NOT_USER_FACING = ['E_INVALID_REQUEST', 'E_IPC_SENDER', 'E_STEP_FAILED', 'E_CANCELLED', 'E_RESTART_TIME'];

describe('known-problems catalogue', () => {
  it('every entry satisfies the schema', () => {
    for (const entry of KNOWN_PROBLEMS) {
      const result = KnownProblemSchema.safeParse(entry);
      expect(result.success, `${entry.code}: ${result.error?.message}`).toBe(true);
    }
  });

  it('codes are unique and findable', () => {
    const codes = KNOWN_PROBLEMS.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(findKnownProblem('KP-T15-KUBE-NETWORK-NAME')?.source).toMatch(/proxier\.go/);
    expect(findKnownProblem('KP-NOPE')).toBeUndefined();
  });

  it('has a title, cause and fix in English and Japanese for every entry, and no orphan texts', () => {
    for (const lang of ['en', 'ja'] as const) {
      const texts = (catalogues[lang] as unknown as { knownProblems: Record<string, Record<string, string>> }).knownProblems;
      for (const { code } of KNOWN_PROBLEMS) {
        for (const part of ['title', 'cause', 'fix']) expect(texts[code]?.[part], `${lang} ${code}.${part}`).toMatch(/\S{3}/);
      }
      expect(Object.keys(texts).sort()).toEqual(KNOWN_PROBLEMS.map((p) => p.code).sort());
    }
  });

  it('Japanese texts are translated, not copied', () => {
    const ja = (catalogues.ja as unknown as { knownProblems: Record<string, { cause: string }> }).knownProblems;
    for (const { code } of KNOWN_PROBLEMS) expect(ja[code]!.cause, code).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
  });

  it('every user-facing WinJoin error code has an entry', () => {
    const covered = new Set(KNOWN_PROBLEMS.flatMap((p) => p.matchers.flatMap((m) => m.errorCodes ?? [])));
    for (const code of ERROR_CODES) {
      if (!NOT_USER_FACING.includes(code)) expect(covered.has(code), code).toBe(true);
    }
  });

  it('only keys on check ids that step scripts are told to emit', () => {
    for (const entry of KNOWN_PROBLEMS) {
      for (const m of entry.matchers) if (m.check) expect(CHECK_IDS as readonly string[], entry.code).toContain(m.check.id);
    }
  });

  it('names a source for every reference row', () => {
    for (const entry of KNOWN_PROBLEMS.filter((p) => /^KP-[TM]/.test(p.code))) expect(entry.source).not.toBe('WinJoin');
  });
});
