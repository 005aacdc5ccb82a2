/**
 * What every CLI command gets: where to write, and a translator over the
 * shared catalogues, so the CLI and the wizard word things the same way.
 * The language is --lang, else WINJOIN_LANG, else Japanese when LANG says so.
 */
import i18next, { type TFunction } from 'i18next';
import { catalogues, type Language } from '../../shared/i18n/index.js';
import type { FieldError } from '../../shared/validation/issues.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  t: TFunction;
}

export function cliLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Language {
  const wanted = flag ?? env.WINJOIN_LANG ?? ((env.LC_ALL ?? env.LANG ?? '').startsWith('ja') ? 'ja' : 'en');
  return wanted === 'ja' ? 'ja' : 'en';
}

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
  return instance.t.bind(instance) as TFunction;
}

export function formatFieldErrors(errors: FieldError[], t: TFunction): string {
  return errors.map((e) => `  ${e.field}: ${t(e.key, e.params)}`).join('\n');
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text + '\n');
}
