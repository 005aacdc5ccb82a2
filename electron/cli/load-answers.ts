/**
 * Reads an answer file for the CLI. Every way it can be wrong ends in a
 * message naming the field and the fix, and exit code 2.
 */
import fs from 'node:fs';
import { AnswersSchema, type Answers } from '../../shared/answers.js';
import { toFieldErrors, withValues, type FieldError } from '../../shared/validation/issues.js';

export type LoadResult = { ok: true; answers: Answers } | { ok: false; errors: FieldError[] };

export function loadAnswersFile(file: string): LoadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, errors: [{ field: '--answers', key: 'cli.answersUnreadable', params: { path: file, reason: (error as NodeJS.ErrnoException).code ?? 'error' } }] };
  }
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, errors: [{ field: '--answers', key: 'cli.answersNotJson', params: { path: file, reason: (error as Error).message } }] };
  }
  const result = AnswersSchema.safeParse(input);
  if (!result.success) return { ok: false, errors: withValues(toFieldErrors(result.error), input) };
  return { ok: true, answers: result.data };
}
