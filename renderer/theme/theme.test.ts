import { teamsHighContrastTheme, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { JAPANESE_FONTS, themeFor } from './theme.js';

describe('themeFor', () => {
  it('follows the system scheme, and forced colours win over it', () => {
    expect(themeFor({ dark: false, forcedColors: false, language: 'en' })).toBe(webLightTheme);
    expect(themeFor({ dark: true, forcedColors: false, language: 'en' })).toBe(webDarkTheme);
    expect(themeFor({ dark: true, forcedColors: true, language: 'en' })).toBe(teamsHighContrastTheme);
  });

  it('gives Japanese a Windows Japanese UI font and keeps the colours', () => {
    const ja = themeFor({ dark: true, forcedColors: false, language: 'ja' });
    expect(ja.fontFamilyBase).toBe(JAPANESE_FONTS);
    expect(JAPANESE_FONTS.indexOf('Yu Gothic UI')).toBeLessThan(JAPANESE_FONTS.indexOf('Meiryo UI'));
    expect(ja.colorNeutralBackground1).toBe(webDarkTheme.colorNeutralBackground1);
    expect(themeFor({ dark: false, forcedColors: false, language: 'en' }).fontFamilyBase).not.toContain('Yu Gothic');
  });
});
