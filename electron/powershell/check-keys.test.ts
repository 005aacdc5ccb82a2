/**
 * Every check a step script emits has a title and a fix in both languages,
 * so the wizard never shows a bare i18n key next to a failed check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import ja from '../../shared/i18n/ja.json' with { type: 'json' };

const stepsDir = join(import.meta.dirname, 'steps');

function emittedCheckIds(): string[] {
  const ids = new Set<string>();
  // Every recipe's scripts: docker-sdn's at the top, containerd-kubeadm's in their folder.
  for (const file of readdirSync(stepsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ps1'))) {
    const text = readFileSync(join(stepsDir, file), 'utf8');
    for (const m of text.matchAll(/(?:-Id|Report) '([a-z0-9-]+)'/g)) ids.add(m[1]!);
  }
  return [...ids].sort();
}

describe('check i18n keys', () => {
  const ids = emittedCheckIds();

  it('finds the checks the steps emit', () => {
    expect(ids).toEqual(expect.arrayContaining(['elevated', 'os-build', 'node-ready', 'host-port']));
  });

  it.each([
    ['en', en],
    ['ja', ja],
  ])('%s has a title and a fix for each', (_lang, table) => {
    const checks = (table as { checks?: Record<string, { title?: string; fix?: string }> }).checks ?? {};
    for (const id of ids) {
      expect(checks[id]?.title, id).toBeTruthy();
      expect(checks[id]?.fix, id).toBeTruthy();
    }
  });
});

/** The fix each non-passing Report shows: its -Fix key, else checks.<id>.fix (renderer/pages/prerequisites/checks.ts). */
function nonPassingFixKeys(): { where: string; key: string }[] {
  const out: { where: string; key: string }[] = [];
  for (const file of readdirSync(stepsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ps1'))) {
    for (const line of readFileSync(join(stepsDir, file), 'utf8').split('\n')) {
      const m = /Report '([a-z0-9-]+)' '(warn|fail)'/.exec(line);
      if (!m) continue;
      const fix = /-Fix '([\w.-]+)'/.exec(line)?.[1];
      out.push({ where: `${file}: ${m[1]} ${m[2]}`, key: fix ?? `checks.${m[1]}.fix` });
    }
  }
  return out;
}

function lookUp(table: unknown, key: string): string | undefined {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], table) as string | undefined;
}

describe('a warning or a failure asks for something', () => {
  const reports = nonPassingFixKeys();

  it('finds the warnings and failures the steps report', () => {
    expect(reports.map((r) => r.where)).toEqual(expect.arrayContaining([expect.stringMatching(/^prerequisites\.ps1: docker warn$/)]));
  });

  // Something that needs no action is reported as a pass; "Fix: Nothing to do" under a Warning contradicts itself.
  it.each([
    ['en', en, /^Nothing to (do|fix)\b/],
    ['ja', ja, /^(対処は不要|今は何もする必要はありません|修正は不要)/],
  ])('%s: no fix under a warning or failure says there is nothing to do', (_lang, table, nothing) => {
    for (const { where, key } of reports) {
      const text = lookUp(table, key);
      expect(text, `${where} -> ${key}`).toBeTruthy();
      expect(text, `${where} -> ${key}`).not.toMatch(nothing);
    }
  });
});
