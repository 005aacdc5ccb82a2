/**
 * Turns zod issues into field errors: the dotted field name, an i18n key that
 * says what is wrong and how to fix it, and the values that key interpolates.
 * The wizard shows them inline; the CLI prints them and exits 2.
 */
import type { z } from 'zod';

export interface FieldError {
  field: string;
  key: string;
  params: Record<string, string>;
}

/** A value quoted in a message: shortened, and with any URL credentials masked (a proxy URL may carry a password). */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (text ?? String(value)).replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@').slice(0, 120);
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(root)';
    const params: Record<string, string> = { field };
    switch (issue.code) {
      case 'custom': {
        for (const [k, v] of Object.entries(issue.params ?? {})) params[k] = String(v);
        return { field, key: issue.message.startsWith('validation.') ? issue.message : 'validation.invalid', params };
      }
      case 'invalid_type':
        if (issue.input === undefined) return { field, key: 'validation.required', params };
        params.expected = issue.expected;
        params.value = describe(issue.input);
        return { field, key: 'validation.type', params };
      case 'invalid_value':
        params.options = issue.values.map((v) => JSON.stringify(v)).join(', ');
        params.value = describe(issue.input);
        return { field, key: 'validation.oneOf', params };
      case 'unrecognized_keys':
        params.keys = issue.keys.join(', ');
        return { field, key: 'validation.unknownField', params };
      case 'too_small':
      case 'too_big':
        params.value = describe(issue.input);
        return { field, key: 'validation.length', params };
      default:
        params.value = describe(issue.input);
        return { field, key: 'validation.invalid', params };
    }
  });
}

/** Fields whose value is a credential as a whole: an error about them never quotes it. */
const UNQUOTABLE_FIELDS = new Set(['join.token']);

/** Adds the offending value to each error when the refinement did not (so messages can quote it). */
export function withValues(errors: FieldError[], input: unknown): FieldError[] {
  return errors.map((e) => {
    if (UNQUOTABLE_FIELDS.has(e.field)) return { ...e, params: { ...e.params, value: '***' } };
    if (e.params.value !== undefined) return e;
    let node: unknown = input;
    for (const part of e.field.split('.')) {
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    }
    return { ...e, params: { ...e.params, value: describe(node) } };
  });
}
