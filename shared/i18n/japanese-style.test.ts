/**
 * ja.json against /work/shared/docs/japanese-style.md where a rule can be
 * checked mechanically: one form per term, and full-width （） in sentences
 * (half-width only inside commands, paths and values).
 */
import { describe, expect, it } from 'vitest';
import { catalogues } from './index.js';

function strings(node: unknown, key = ''): [string, string][] {
  if (typeof node === 'string') return [[key, node]];
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => strings(v, key ? `${key}.${k}` : k));
  return [];
}

const JAPANESE = /[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff]/;
const ja = strings(catalogues.ja);

/** The half-width "(" that open a parenthetical of a Japanese sentence (not $(cmd), HTTP(S), a code span or the adapter vEthernet (x)). */
function halfWidthParentheticals(text: string): string[] {
  if (!JAPANESE.test(text)) return [];
  const found: string[] = [];
  for (let i = text.indexOf('('); i >= 0; i = text.indexOf('(', i + 1)) {
    const before = text.slice(0, i);
    if (/[A-Za-z0-9_$\\]$/.test(before) || /vEthernet $/.test(before) || (before.match(/`/g) ?? []).length % 2 === 1) continue;
    found.push(text.slice(Math.max(0, i - 12), i + 16));
  }
  return found;
}

describe('Japanese catalogue style', () => {
  it('writes each term in the one form the style guide gives', () => {
    const wrong = /ネットワークトポロジ|トポロジー|コントロールプレーン/;
    expect(ja.filter(([, text]) => wrong.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('puts full-width （） around a parenthetical in a Japanese sentence', () => {
    expect(ja.flatMap(([key, text]) => halfWidthParentheticals(text).map((at) => `${key}: …${at}…`))).toEqual([]);
  });
});
