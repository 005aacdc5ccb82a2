/**
 * The Windows display languages, most preferred first, for the wizard's
 * first start. getPreferredSystemLanguages reads the OS list; getLocale (the
 * app's UI locale, which Electron takes from the OS) is the fallback when the
 * list is empty or the call is missing.
 */
export function systemLanguages(app: { getPreferredSystemLanguages?: () => string[]; getLocale(): string }): string[] {
  let preferred: string[];
  try {
    preferred = app.getPreferredSystemLanguages?.() ?? [];
  } catch {
    preferred = [];
  }
  const locale = app.getLocale();
  return [...preferred, ...(locale ? [locale] : [])];
}
