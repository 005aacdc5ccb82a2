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
