/**
 * Which Fluent theme the wizard wears: the system's light or dark scheme,
 * the high-contrast theme while Windows forces its colours, and a font stack
 * that renders Japanese well on Windows (Yu Gothic UI, Meiryo UI) when the
 * wizard speaks Japanese; Latin text then still uses Segoe UI's metrics.
 */
import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';

export interface SystemLook {
  dark: boolean;
  forcedColors: boolean;
  language: string;
}

const LATIN_FONTS = "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', sans-serif";
/** Yu Gothic UI first: its kana and kanji are drawn for UI sizes; Meiryo UI for servers without it. */
export const JAPANESE_FONTS = `'Segoe UI', 'Yu Gothic UI', 'Meiryo UI', Meiryo, 'Noto Sans CJK JP', ${LATIN_FONTS}`;

export function themeFor({ dark, forcedColors, language }: SystemLook): Theme {
  const base = forcedColors ? teamsHighContrastTheme : dark ? webDarkTheme : webLightTheme;
  return language.startsWith('ja') ? { ...base, fontFamilyBase: JAPANESE_FONTS } : base;
}
