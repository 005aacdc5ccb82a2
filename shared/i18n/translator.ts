/**
 * An i18next translator over the shared catalogues, made synchronously: the
 * CLI's and the tests' t. (The renderer sets up its own through react-i18next.)
 */
import i18next, { type TFunction } from 'i18next';
import { catalogues, type Language } from './index.js';
import { CLOCK_FORMAT, formatClock } from './clock.js';

export function createTranslator(language: Language): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: catalogues.en }, ja: { translation: catalogues.ja } },
    initAsync: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<typeof instance.init>[0]);
  instance.services.formatter?.add(CLOCK_FORMAT, (value, lng) => formatClock(value, lng ?? language));
  return instance.t.bind(instance) as TFunction;
}
