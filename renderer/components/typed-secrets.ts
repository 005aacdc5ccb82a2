/** Which secrets a resume may ask the admin to type again (RetypeSecrets). */
import type { SecretField } from '../../shared/secret-refs.js';
import type { JoinState } from '../../shared/state.js';

/**
 * The saved join's secrets that were typed in the wizard and that WinJoin can
 * ask for again (state.json keeps their masked form as the hint). A join saved
 * before hints existed has none: the page then only shows the fix.
 */
export function typedSecrets(state: JoinState | null): { field: SecretField; hint: string }[] {
  return (state?.secrets ?? []).flatMap((s) => ('entered' in s.source && s.hint ? [{ field: s.field, hint: s.hint }] : []));
}
