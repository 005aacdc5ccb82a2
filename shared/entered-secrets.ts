/**
 * A secret typed in the wizard is never written anywhere, so a resume in a new
 * process asks the admin for it again (docs/security.md). state.json keeps,
 * beside the field's marker, how the value looked with its secret masked
 * (`http://ops:***@proxy.corp:8080`, `abcdef.***`): no secret, but enough to
 * ask for the password alone and to refuse a value for another proxy, user or
 * token. The page checks as the admin types; main checks again before the
 * value reaches the engine. Pure: shared by the renderer and main.
 */
import { BOOTSTRAP_TOKEN_PATTERN } from './answers.js';
import type { SecretField } from './secret-refs.js';
import { checkProxyUrl, maskProxyUrl } from './validation/proxy-url.js';

/** What state.json keeps of a typed secret: the value with its secret part masked. */
export function maskedHint(field: SecretField, value: string): string {
  return field === 'join.token' ? value.replace(/\..*$/, '.***') : maskProxyUrl(value);
}

/** The field's value from what the admin typed: a proxy's password goes into the saved URL; a token is typed whole. */
export function valueFromTyped(field: SecretField, hint: string, typed: string): string {
  if (field === 'join.token') return typed.trim();
  return hint.replace(':***@', `:${encodeURIComponent(typed)}@`);
}

/** The i18n key of what is wrong with a value given for a typed secret, or null when it fits the saved join. */
export function enteredValueProblem(field: SecretField, hint: string, value: string): string | null {
  if (field === 'join.token') {
    if (!BOOTSTRAP_TOKEN_PATTERN.test(value)) return 'validation.join.token';
    return maskedHint(field, value) === hint ? null : 'validation.resumeSecret.otherToken';
  }
  // The URL's own messages quote it, password included: a retyped value that does not parse is just not that proxy.
  if (checkProxyUrl(value)) return 'validation.resumeSecret.otherProxy';
  if (new URL(value).password === '') return 'validation.resumeSecret.empty';
  // Same scheme, user, host and port as the join was started with: only the password is new.
  return maskProxyUrl(value) === hint ? null : 'validation.resumeSecret.otherProxy';
}
