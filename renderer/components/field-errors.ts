/** Picks the message a form field shows: its first error, once the user has left the field. */
import type { FieldError } from '../../shared/validation/issues.js';

/** Errors that compare two fields: they show as soon as the user has left any field of that section. */
const CROSS_FIELD_KEYS = new Set(['validation.cidr.overlap', 'validation.dnsOutsideService', 'validation.masterInClusterCidr']);

export function errorFor(errors: readonly FieldError[], field: string, touched: Record<string, true>): FieldError | undefined {
  const section = field.split('.')[0] ?? field;
  const sectionTouched = Object.keys(touched).some((k) => k.startsWith(`${section}.`));
  // List fields report "proxy.noProxy.2"; the one input for the list shows it.
  const own = errors.filter((e) => e.field === field || e.field.startsWith(`${field}.`));
  return own.find((e) => touched[field] || (sectionTouched && CROSS_FIELD_KEYS.has(e.key)));
}
