import { describe, expect, it } from 'vitest';
import { pickLanguage } from './language.js';

describe('pickLanguage', () => {
  it('remembers a supported choice and falls back to English', () => {
    expect(pickLanguage('ja')).toBe('ja');
    expect(pickLanguage('en')).toBe('en');
    expect(pickLanguage(null)).toBe('en');
    expect(pickLanguage('fr')).toBe('en');
  });
});

describe('the first start follows the system language', () => {
  it('takes the first system language WinJoin knows, region and script ignored', () => {
    expect(pickLanguage(null, ['ja-JP', 'en-US'])).toBe('ja');
    expect(pickLanguage(null, ['fr-FR', 'ja'])).toBe('ja');
    expect(pickLanguage(null, ['de-DE'])).toBe('en');
    expect(pickLanguage(undefined, ['en-GB', 'ja-JP'])).toBe('en');
  });

  it("keeps the user's own choice over the system's", () => {
    expect(pickLanguage('en', ['ja-JP'])).toBe('en');
  });
});
