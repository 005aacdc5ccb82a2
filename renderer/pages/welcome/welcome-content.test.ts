import { describe, expect, it } from 'vitest';
import { catalogues } from '../../../shared/i18n/index.js';
import { WELCOME_NEEDS } from './welcome-content.js';

describe('welcome needs', () => {
  it('has a sentence for every need in both languages', () => {
    for (const lang of ['en', 'ja'] as const) {
      const needs = (catalogues[lang] as unknown as { pages: { welcome: { needs: Record<string, string> } } }).pages.welcome.needs;
      expect(Object.keys(needs).sort()).toEqual([...WELCOME_NEEDS].sort());
    }
  });
});
