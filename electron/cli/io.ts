/**
 * What every CLI command gets: where to write, and a translator over the
 * shared catalogues, so the CLI and the wizard word things the same way.
 * The language is --lang, else WINJOIN_LANG, else Japanese when LANG says so.
 */
import type { TFunction } from 'i18next';
import type { Language } from '../../shared/i18n/index.js';
export { createTranslator } from '../../shared/i18n/translator.js';
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

export function formatFieldErrors(errors: FieldError[], t: TFunction): string {
  return errors.map((e) => `  ${e.field}: ${t(e.key, e.params)}`).join('\n');
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text + '\n');
}
