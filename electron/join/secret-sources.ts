/**
 * Which answer fields a saved plan must not hold in clear, where each comes
 * from again on resume, and the resolving itself. A field is sealed when it
 * came from a { fromFile } / { fromEnv } reference (the operator said it is
 * secret), or when its value holds a secret: a proxy URL with a password, a
 * join token. A proxy URL without a password written inline stays readable.
 *
 * Resume reads the same source again: the file, the variable, or the answer
 * file the join was started with (its path is kept, never its content). A
 * secret typed in the wizard lives only in the process that started the join;
 * a later process cannot have it and says so (docs/security.md).
 */
import fs from 'node:fs';
import type { Answers } from '../../shared/answers.js';
import { WinJoinError } from '../../shared/errors.js';
import { resolveSecretRefs, SECRET_FIELDS, type SecretField } from '../../shared/secret-refs.js';
import { maskedHint } from '../../shared/entered-secrets.js';
import type { SealedSecret, SecretSource } from '../../shared/state.js';

/** Where the loader found each secret field's value (electron/cli/load-answers.ts). */
export type SecretOrigins = Partial<Record<SecretField, { value: string; source: SecretSource }>>;

export function fieldValue(answers: unknown, field: SecretField): string | undefined {
  let node: unknown = answers;
  for (const part of field.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' && node.length > 0 ? node : undefined;
}

/** A value that is a secret by itself: a join token, or a proxy URL whose user info carries a password. */
export function holdsSecret(field: SecretField, value: string): boolean {
  if (field === 'join.token') return true;
  try {
    return new URL(value).password !== '';
  } catch {
    return false;
  }
}

/** The fields to seal in a plan built from these answers, with their values and sources. */
export function secretsToSeal(answers: Answers, origins: SecretOrigins = {}): { values: Map<SecretField, string>; sealed: SealedSecret[] } {
  const values = new Map<SecretField, string>();
  const sealed: SealedSecret[] = [];
  for (const field of SECRET_FIELDS) {
    const value = fieldValue(answers, field);
    if (value === undefined) continue;
    // A rehearsal may replace a field (its own proxy): the loader's source then no longer describes the value.
    const origin = origins[field]?.value === value ? origins[field] : undefined;
    if (!origin && !holdsSecret(field, value)) continue;
    values.set(field, value);
    sealed.push(origin ? { field, source: origin.source } : { field, source: { entered: true }, hint: maskedHint(field, value) });
  }
  return { values, sealed };
}

export interface SourceReaders {
  readFile(path: string): string;
  readEnv(name: string): string | undefined;
}

const nodeReaders: SourceReaders = {
  readFile: (file) => fs.readFileSync(file, 'utf8'),
  readEnv: (name) => process.env[name],
};

/**
 * The sealed fields' values, read again from their sources. Any that cannot
 * be read ends the resume before a step runs, with a WinJoinError naming the
 * field, the source and (through its i18n context) the fix.
 */
export function resolveSealedSecrets(
  sealed: readonly SealedSecret[],
  readers: SourceReaders = nodeReaders,
  /** Typed secrets the admin gave again for this resume (checked by the caller against the saved hints). */
  entered: ReadonlyMap<SecretField, string> = new Map(),
): Map<SecretField, string> {
  const values = new Map<SecretField, string>();
  const answerFiles = new Map<string, unknown>();
  for (const { field, source } of sealed) {
    const fail = (context: string, where: string): never => {
      throw new WinJoinError('E_SECRET_UNAVAILABLE', `cannot resume: ${field} (from ${context} ${where}) cannot be read again`, {
        field,
        source: where,
        context,
      });
    };
    let value: string | undefined;
    if ('entered' in source) {
      value = entered.get(field);
      if (value === undefined) fail('entered', 'the wizard');
    }
    // A created token is never read back: the service creates a new one before resuming (electron/service/join-gate.ts).
    else if ('createdToken' in source) fail('createdToken', source.createdToken.kubeconfigPath);
    else if ('fromFile' in source || 'fromEnv' in source) {
      value = readRef(source, readers);
      if (value === undefined) fail('fromFile' in source ? 'fromFile' : 'fromEnv', 'fromFile' in source ? source.fromFile : source.fromEnv);
    } else {
      let answers = answerFiles.get(source.answersFile);
      if (!answerFiles.has(source.answersFile)) {
        answers = readAnswerFile(source.answersFile, readers);
        answerFiles.set(source.answersFile, answers);
      }
      value = fieldValue(answers, field);
      if (value === undefined) fail('answersFile', source.answersFile);
    }
    values.set(field, value!);
  }
  return values;
}

/** A reference's value as the loader reads it (one trailing newline dropped), or undefined when it is missing or empty. */
function readRef(ref: { fromFile: string } | { fromEnv: string }, readers: SourceReaders): string | undefined {
  try {
    const value = 'fromFile' in ref ? readers.readFile(ref.fromFile).replace(/\r?\n$/, '') : readers.readEnv(ref.fromEnv);
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

/** The answer file with its references resolved; undefined fields when it cannot be read or parsed. */
function readAnswerFile(file: string, readers: SourceReaders): unknown {
  try {
    const input: unknown = JSON.parse(readers.readFile(file).replace(/^\uFEFF/, ''));
    return resolveSecretRefs(input, readers).answers;
  } catch {
    return undefined;
  }
}
