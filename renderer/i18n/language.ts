/**
 * Which language the wizard speaks: the one the user chose, else the first
 * of the system's display languages it knows (Windows' in the desktop app,
 * the browser's in the preview), else English.
 */
import { LANGUAGES, type Language } from '../../shared/i18n/index.js';

export const LANGUAGE_STORAGE_KEY = 'winjoin.language';

function known(tag: string | null | undefined): Language | null {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : null;
}

export function pickLanguage(stored: string | null | undefined, system: readonly string[] = []): Language {
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  for (const tag of system) {
    const language = known(tag);
    if (language) return language;
  }
  return 'en';
}
