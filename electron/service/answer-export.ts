/**
 * The answer file the Review page saves. By default it carries no secret: a
 * field holding one (a proxy URL with a password, a join token) becomes a
 * { "fromEnv": NAME } reference, which a fleet fills from its vault or
 * deployment tool on each server and `winjoin join --answers` resolves
 * (docs/unattended.md). The file stays valid and complete; only the secret is
 * left to the environment. The values are written only when the user asks for
 * them explicitly, and never into the state directory's copy.
 */
import type { Answers } from '../../shared/answers.js';
import { SECRET_FIELDS, type SecretField } from '../../shared/secret-refs.js';
import { fieldValue, holdsSecret } from '../join/secret-sources.js';

export interface SecretReference {
  field: SecretField;
  fromEnv: string;
}

export interface AnswerExport {
  content: string;
  /** The variables the file names instead of its secrets (empty when it holds them, or has none). */
  references: SecretReference[];
  /** The file holds secret values in clear (the user asked for them and there were some). */
  holdsSecrets: boolean;
}

/** The variable names docs/unattended.md uses; one proxy variable when both URLs are the same, as the wizard makes them. */
function variableFor(field: SecretField, answers: Answers): string {
  if (field === 'join.token') return 'WINJOIN_JOIN_TOKEN';
  const same = answers.proxy !== null && answers.proxy.http === answers.proxy.https;
  if (same) return 'WINJOIN_PROXY_URL';
  return field === 'proxy.http' ? 'WINJOIN_PROXY_HTTP_URL' : 'WINJOIN_PROXY_HTTPS_URL';
}

export function exportAnswers(answers: Answers, includeSecrets: boolean): AnswerExport {
  const copy = structuredClone(answers) as unknown as Record<string, Record<string, unknown>>;
  const secretFields = SECRET_FIELDS.filter((field) => {
    const value = fieldValue(answers, field);
    return value !== undefined && holdsSecret(field, value);
  });
  if (includeSecrets) return { content: JSON.stringify(copy, null, 2) + '\n', references: [], holdsSecrets: secretFields.length > 0 };
  const references = secretFields.map((field) => ({ field, fromEnv: variableFor(field, answers) }));
  for (const { field, fromEnv } of references) {
    const [section, leaf] = field.split('.') as [string, string];
    copy[section]![leaf] = { fromEnv };
  }
  return { content: JSON.stringify(copy, null, 2) + '\n', references, holdsSecrets: false };
}
