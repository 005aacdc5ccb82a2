/** Which language the wizard speaks: the one the user chose last time, else English. */
import { LANGUAGES, type Language } from '../../shared/i18n/index.js';

export const LANGUAGE_STORAGE_KEY = 'winjoin.language';

export function pickLanguage(stored: string | null | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(stored ?? '') ? (stored as Language) : 'en';
}
