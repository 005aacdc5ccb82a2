/**
 * Reads an answer file for the CLI. Every way it can be wrong ends in a
 * message naming the field and the fix, and exit code 2.
 */
import fs from 'node:fs';
import { AnswersSchema, type Answers } from '../../shared/answers.js';
import { resolveSecretRefs } from '../../shared/secret-refs.js';
import { toFieldErrors, withValues, type FieldError } from '../../shared/validation/issues.js';

/** secrets: the values that came from references, for redaction. */
export type LoadResult = { ok: true; answers: Answers; secrets: string[] } | { ok: false; errors: FieldError[] };

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
  return { ok: true, answers: result.data, secrets: resolved.secrets };
}
