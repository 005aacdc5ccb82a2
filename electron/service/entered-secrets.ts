/**
 * Checks the secrets an admin typed again to resume a join whose typed
 * secrets this process never had (WinJoin restarted). Each must belong to a
 * field the saved join marks as typed in the wizard, once, and fit what the
 * join was started with (same proxy and user, same token id); otherwise the
 * call is refused naming the field and the i18n key of the problem, never the
 * value. The values stay in memory: the engine gets them for this resume only.
 */
import { enteredValueProblem } from '../../shared/entered-secrets.js';
import { WinJoinError } from '../../shared/errors.js';
import type { SecretField } from '../../shared/secret-refs.js';
import type { JoinState } from '../../shared/state.js';

export function checkEnteredSecrets(
  state: JoinState | null,
  entered: readonly { field: SecretField; value: string }[],
): Map<SecretField, string> {
  const values = new Map<SecretField, string>();
  for (const { field, value } of entered) {
    const sealed = state?.secrets.find((s) => s.field === field);
    if (!sealed || !('entered' in sealed.source) || sealed.hint === undefined) {
      throw new WinJoinError('E_INVALID_REQUEST', `entered.${field}: the saved join has no secret typed in the wizard there`, { field });
    }
    if (values.has(field)) throw new WinJoinError('E_INVALID_REQUEST', `entered.${field}: given twice`, { field });
    const problem = enteredValueProblem(field, sealed.hint, value);
    if (problem) throw new WinJoinError('E_INVALID_REQUEST', `entered.${field}: ${problem}`, { field, key: problem });
    values.set(field, value);
  }
  return values;
}
