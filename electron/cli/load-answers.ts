/**
 * Reads an answer file for the CLI. Every way it can be wrong ends in a
 * message naming the field and the fix, and exit code 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AnswersSchema, type Answers } from '../../shared/answers.js';
import { isSecretRef, resolveSecretRefs, SECRET_FIELDS } from '../../shared/secret-refs.js';
import { toFieldErrors, withValues, type FieldError } from '../../shared/validation/issues.js';
import { fieldValue, type SecretOrigins } from '../join/secret-sources.js';
import { formatFieldErrors, writeLine, type CliIo } from './io.js';

/**
 * secrets: the values that came from references, for redaction. origins: where
 * each secret field is, so a saved join keeps the reference or this file's
 * path instead of the value, and a resume reads it again.
 */
export type LoadResult = { ok: true; answers: Answers; secrets: string[]; origins: SecretOrigins } | { ok: false; errors: FieldError[] };

export function loadAnswersFile(file: string): LoadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return {
      ok: false,
      errors: [
        {
          field: '--answers',
          key: 'cli.answersUnreadable',
          params: { path: file, reason: (error as NodeJS.ErrnoException).code ?? 'error' },
        },
      ],
    };
  }
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      ok: false,
      errors: [{ field: '--answers', key: 'cli.answersNotJson', params: { path: file, reason: (error as Error).message } }],
    };
  }
  const resolved = resolveSecretRefs(input, {
    readFile: (path) => fs.readFileSync(path, 'utf8'),
    readEnv: (name) => process.env[name],
  });
  if (resolved.errors.length) return { ok: false, errors: resolved.errors };
  const result = AnswersSchema.safeParse(resolved.answers);
  // Values are quoted from the file as written, so a resolved secret is never echoed.
  if (!result.success) return { ok: false, errors: withValues(toFieldErrors(result.error), input) };
  return { ok: true, answers: result.data, secrets: resolved.secrets, origins: originsOf(input, result.data, path.resolve(file)) };
}

export type LoadedAnswers = Extract<LoadResult, { ok: true }>;

/**
 * The answer file as every command taking --answers reads it: loaded, or null
 * once the fields it gets wrong and their fixes are on stderr (the command
 * then exits with EXIT.invalidInput).
 */
export function loadAnswersOrExit(file: string, io: Pick<CliIo, 'stderr' | 't'>): LoadedAnswers | null {
  const loaded = loadAnswersFile(file);
  if (loaded.ok) return loaded;
  writeLine(io.stderr, io.t('cli.invalidAnswers', { path: file }) + '\n' + formatFieldErrors(loaded.errors, io.t));
  return null;
}

function originsOf(input: unknown, answers: Answers, file: string): SecretOrigins {
  const origins: SecretOrigins = {};
  for (const field of SECRET_FIELDS) {
    const value = fieldValue(answers, field);
    if (value === undefined) continue;
    const [group, leaf] = field.split('.') as [string, string];
    const raw = (input as Record<string, Record<string, unknown> | undefined>)[group]?.[leaf];
    origins[field] = { value, source: isSecretRef(raw) ? { ...raw } : { answersFile: file } };
  }
  return origins;
}
