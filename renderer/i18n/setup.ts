/**
 * i18next over the catalogues the CLI uses too (shared/i18n), so the wizard
 * and `winjoin` say the same thing in the same words.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues, type Language } from '../../shared/i18n/index.js';
import { CLOCK_FORMAT, formatClock } from '../../shared/i18n/clock.js';
import { LANGUAGE_STORAGE_KEY, pickLanguage } from './language.js';

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The browser's languages: in the preview the user's; in Electron Chromium's, which follow Windows'. */
function browserLanguages(): string[] {
  return typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language].filter(Boolean);
}

export async function setupI18n(): Promise<typeof i18next> {
  const lng = pickLanguage(storedLanguage(), browserLanguages());
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: catalogues.en }, ja: { translation: catalogues.ja } },
    lng,
    fallbackLng: 'en',
    // React escapes what it renders; escaping here too would show &amp; in paths.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  i18next.services.formatter?.add(CLOCK_FORMAT, (value, language) => formatClock(value, language ?? i18next.language));
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private windows may refuse storage; the choice then lasts this session.
  }
  await i18next.changeLanguage(language);
}

/**
 * The desktop app knows the Windows display languages exactly (app:info); until the user picks a
 * language, the wizard follows them. Not stored: a later change of the Windows language is followed too.
 */
export async function followSystemLanguages(system: readonly string[]): Promise<void> {
  if (storedLanguage() || system.length === 0) return;
  const language = pickLanguage(null, system);
  if (language !== i18next.language) await i18next.changeLanguage(language);
}
