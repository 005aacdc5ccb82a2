import { describe, expect, it } from 'vitest';
import { catalogues, flattenKeys } from '../../shared/i18n/index.js';

// Every string the wizard shows must exist in both languages.
describe('i18n catalogues', () => {
  const en = new Set(flattenKeys(catalogues.en));
  const ja = new Set(flattenKeys(catalogues.ja));

  it('Japanese has every English key', () => {
    expect([...en].filter((k) => !ja.has(k))).toEqual([]);
  });
  it('English has every Japanese key', () => {
    expect([...ja].filter((k) => !en.has(k))).toEqual([]);
  });
  it('has the wizard keys in both', () => {
    for (const key of ['app.title', 'nav.next', 'nav.back', 'pages.welcome.title', 'pages.review.start', 'pages.join.cancel']) {
      expect(en.has(key), key).toBe(true);
      expect(ja.has(key), key).toBe(true);
    }
  });
});
