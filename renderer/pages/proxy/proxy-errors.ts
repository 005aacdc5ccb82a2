/**
 * The proxy page's errors. An empty HTTPS field means "use the HTTP proxy",
 * so its errors are the HTTP field's and are shown there, not twice.
 */
import type { FieldError } from '../../../shared/validation/issues.js';
import { sectionErrors, type Draft } from '../../state/draft.js';

export function proxyErrors(draft: Draft): FieldError[] {
  if (draft.proxy.mode === 'none') return [];
  const errors = sectionErrors(draft, 'proxy');
  return draft.proxy.https.trim() === '' ? errors.filter((e) => e.field !== 'proxy.https') : errors;
}
