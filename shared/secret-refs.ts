/**
 * Secrets in an answer file may be written inline or as a reference,
 * { "fromFile": PATH } or { "fromEnv": NAME }, so a fleet can ship one answer
 * file and keep the proxy password in a vault-provided file or variable.
 * References are resolved when a run loads the answers; the answers a user
 * saves keep the reference, never the value. shared/ does no I/O: the caller
 * passes the readers.
 */
import type { FieldError } from './validation/issues.js';

/** Answer-file fields that may hold a secret, as dotted paths. */
export const SECRET_FIELDS = ['proxy.http', 'proxy.https', 'join.token'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export interface SecretReaders {
  readFile(path: string): string;
  readEnv(name: string): string | undefined;
}

export type SecretRef = { fromFile: string } | { fromEnv: string };

export function isSecretRef(value: unknown): value is SecretRef {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const [key] = keys;
  const inner = (value as Record<string, unknown>)[key!];
  return (key === 'fromFile' || key === 'fromEnv') && typeof inner === 'string' && inner.length > 0;
}

/**
 * Replaces every secret reference in raw (unvalidated) answers by its value.
 * Returns the resolved copy, the plain secret values (for redaction) and
 * field errors for references that cannot be read.
 */
export function resolveSecretRefs(input: unknown, readers: SecretReaders): { answers: unknown; secrets: string[]; errors: FieldError[] } {
  const answers = structuredClone(input) as Record<string, unknown>;
  const secrets: string[] = [];
  const errors: FieldError[] = [];
  for (const field of SECRET_FIELDS) {
    const parts = field.split('.');
    let parent: Record<string, unknown> | undefined = answers;
    for (const part of parts.slice(0, -1)) {
      const next: unknown = parent?.[part];
      parent = next && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
    }
    const leaf = parts.at(-1)!;
    const value = parent?.[leaf];
    if (!parent || !isSecretRef(value)) continue;
    try {
      const resolved = 'fromFile' in value ? readers.readFile(value.fromFile).replace(/\r?\n$/, '') : readers.readEnv(value.fromEnv);
      if (resolved === undefined || resolved === '') {
        errors.push({ field, key: 'validation.secret.empty', params: { field, source: describeRef(value) } });
        continue;
      }
      parent[leaf] = resolved;
      secrets.push(resolved);
    } catch {
      errors.push({ field, key: 'validation.secret.unreadable', params: { field, source: describeRef(value) } });
    }
  }
  return { answers, secrets, errors };
}

function describeRef(ref: SecretRef): string {
  return 'fromFile' in ref ? `file ${ref.fromFile}` : `environment variable ${ref.fromEnv}`;
}
