/**
 * Which Fluent theme the wizard wears: the system's light or dark scheme, its
 * brand colours derived from the window's accent where the desktop app knows
 * it (Fluent's own blue otherwise), the high-contrast theme while Windows
 * forces its colours (the system's colours then, accent or not), and a font stack
 * that renders Japanese well on Windows (Yu Gothic UI, Meiryo UI) when the
 * wizard speaks Japanese; Latin text then still uses Segoe UI's metrics.
 */
import {
  createDarkTheme,
  createLightTheme,
  teamsHighContrastTheme,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { brandRamp } from './brand-ramp.js';

export interface SystemLook {
  dark: boolean;
  forcedColors: boolean;
  language: string;
  /** The window's accent `#rrggbb` (app:accent), or null: Fluent's own brand. */
  accent?: string | null;
}

const LATIN_FONTS = "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', sans-serif";
/** Yu Gothic UI first: its kana and kanji are drawn for UI sizes; Meiryo UI for servers without it. */
export const JAPANESE_FONTS = `'Segoe UI', 'Yu Gothic UI', 'Meiryo UI', Meiryo, 'Noto Sans CJK JP', ${LATIN_FONTS}`;

export function themeFor({ dark, forcedColors, language, accent = null }: SystemLook): Theme {
  const ramp = accent ? brandRamp(accent) : null;
  const base = forcedColors
    ? teamsHighContrastTheme
    : ramp
      ? dark
        ? createDarkTheme(ramp)
        : createLightTheme(ramp)
      : dark
        ? webDarkTheme
        : webLightTheme;
  return language.startsWith('ja') ? { ...base, fontFamilyBase: JAPANESE_FONTS } : base;
}
