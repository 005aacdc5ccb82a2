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
