/**
 * The published JSON Schema of answer file v1, generated from the zod schema
 * so the two cannot disagree. Cross-field rules (overlapping CIDRs, the DNS IP
 * inside the service range) cannot be expressed in JSON Schema; the CLI's
 * `winjoin plan` checks those.
 */
import { z } from 'zod';
import { AnswersSchema } from './answers.js';

export function answersJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(AnswersSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://winjoin.invalid/schemas/answers-v1.json',
    title: 'WinJoin answer file v1',
    description: 'What the WinJoin wizard saves and what `winjoin join --answers FILE` reads. Field names are a public contract.',
  };
}
