import { describe, expect, it } from 'vitest';
import { catalogues } from '../../../shared/i18n/index.js';
import { KNOWN_PROBLEMS } from '../../../shared/known-problems/catalogue.js';
import { lookupText, type Catalogue } from '../../../shared/known-problems/fix-targets.js';
import { fixLink } from './fix-link.js';

describe('the failure card links a known problem to the control that fixes it', () => {
  it('sends an image mismatch to the base image tag on the Network page', () => {
    expect(fixLink('KP-T8-IMAGE-OS-MISMATCH')).toEqual({
      page: 'network',
      path: '/network',
      labelKey: 'pages.network.advanced.baseImageTag.label',
    });
    expect(fixLink('KP-WJ-PROXY-AUTH')?.path).toBe('/proxy');
    expect(fixLink('KP-M22-TOKEN-EXPIRED')?.path).toBe('/cluster');
  });

  it('offers no link for a fix on the Join page, a command-only fix or an unknown code', () => {
    expect(fixLink('KP-WJ-RESTART-PENDING')).toBeNull();
    expect(fixLink('KP-T14-POD-CIDR-WAIT')).toBeNull();
    expect(fixLink('KP-NOPE')).toBeNull();
  });

  it('words every link in English and Japanese', () => {
    for (const { code } of KNOWN_PROBLEMS) {
      const link = fixLink(code);
      if (!link) continue;
      for (const lang of ['en', 'ja'] as const) {
        const catalogue = catalogues[lang] as unknown as Catalogue;
        expect(lookupText(catalogue, `nav.pages.${link.page}`), `${lang} ${code}`).toBeTruthy();
        expect(lookupText(catalogue, link.labelKey), `${lang} ${code}`).toBeTruthy();
      }
      expect(lookupText(catalogues.ja as unknown as Catalogue, 'pages.join.failure.goTo')).toMatch(/\{\{page\}\}.*\{\{control\}\}/);
      expect(lookupText(catalogues.en as unknown as Catalogue, 'pages.join.failure.goTo')).toMatch(/\{\{page\}\}.*\{\{control\}\}/);
    }
  });
});
