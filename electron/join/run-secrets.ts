/**
 * The proxy passwords a plan holds, for the journal's masker when a join is
 * resumed without its answers: wherever a parameter is a URL with a password.
 * (With answers, shared/redact.ts's collectAnswerSecrets finds them.)
 */
import type { Plan } from '../../shared/plan.js';
import { collectAnswerSecrets } from '../../shared/redact.js';
import type { JoinState } from '../../shared/state.js';
import type { SecretValues } from './sealed-plan.js';

export function planSecrets(plan: Plan): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const userInfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s]*)@/i.exec(value)?.[1];
      const colon = userInfo?.indexOf(':') ?? -1;
      const password = userInfo && colon >= 0 ? userInfo.slice(colon + 1) : '';
      if (password) {
        found.add(password);
        try {
          found.add(decodeURIComponent(password));
        } catch {
          // A malformed escape: the password as written is already in.
        }
      }
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(plan.downloadSettings);
  for (const step of plan.steps) walk(step.params);
  return [...found];
}

/** What the journal masks for values read again: a reference's whole value, a password, a token. */
export function resolvedSecrets(state: JoinState, values: SecretValues): string[] {
  const whole = state.secrets.filter((s) => !('entered' in s.source) && !('answersFile' in s.source)).map((s) => values.get(s.field) ?? '');
  const pseudo = { proxy: { http: values.get('proxy.http'), https: values.get('proxy.https') }, join: { token: values.get('join.token') } };
  return collectAnswerSecrets(pseudo, whole);
}
