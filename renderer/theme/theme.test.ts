import { teamsHighContrastTheme, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { brandRamp } from './brand-ramp.js';
import { JAPANESE_FONTS, themeFor } from './theme.js';

describe('themeFor', () => {
  it('follows the system scheme, and forced colours win over it', () => {
    expect(themeFor({ dark: false, forcedColors: false, language: 'en' })).toBe(webLightTheme);
    expect(themeFor({ dark: true, forcedColors: false, language: 'en' })).toBe(webDarkTheme);
    expect(themeFor({ dark: true, forcedColors: true, language: 'en' })).toBe(teamsHighContrastTheme);
  });

  it("wears the window's accent as its brand colours, in light and dark, but not under forced colours", () => {
    const light = themeFor({ dark: false, forcedColors: false, language: 'en', accent: '#e81123' });
    const dark = themeFor({ dark: true, forcedColors: false, language: 'ja', accent: '#e81123' });
    const ramp = brandRamp('#e81123')!;
    expect(light.colorBrandBackground).toBe(ramp[80]);
    expect(light.colorNeutralBackground1).toBe(webLightTheme.colorNeutralBackground1);
    expect(dark.colorBrandBackground).toBe(ramp[70]);
    expect(dark.colorNeutralBackground1).toBe(webDarkTheme.colorNeutralBackground1);
    expect(dark.fontFamilyBase).toBe(JAPANESE_FONTS);
    expect(themeFor({ dark: true, forcedColors: true, language: 'en', accent: '#e81123' })).toBe(teamsHighContrastTheme);
    // No accent (the preview), or one that is not a colour: Fluent's own brand.
    expect(themeFor({ dark: false, forcedColors: false, language: 'en', accent: null })).toBe(webLightTheme);
    expect(themeFor({ dark: true, forcedColors: false, language: 'en', accent: 'red' })).toBe(webDarkTheme);
  });

  it('gives Japanese a Windows Japanese UI font and keeps the colours', () => {
    const ja = themeFor({ dark: true, forcedColors: false, language: 'ja' });
    expect(ja.fontFamilyBase).toBe(JAPANESE_FONTS);
    expect(JAPANESE_FONTS.indexOf('Yu Gothic UI')).toBeLessThan(JAPANESE_FONTS.indexOf('Meiryo UI'));
    expect(ja.colorNeutralBackground1).toBe(webDarkTheme.colorNeutralBackground1);
    expect(themeFor({ dark: false, forcedColors: false, language: 'en' }).fontFamilyBase).not.toContain('Yu Gothic');
  });
});
