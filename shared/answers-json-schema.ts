/**
 * The published JSON Schema of answer file v1, generated from the zod schema
 * so the two cannot disagree. Cross-field rules (overlapping CIDRs, the DNS IP
 * inside the service range) cannot be expressed in JSON Schema; the CLI's
 * `winjoin plan` checks those.
 */
import { z } from 'zod';
import { AnswersSchema } from './answers.js';
import { SECRET_FIELDS } from './secret-refs.js';

const SECRET_REF = {
  anyOf: [
    { type: 'object', properties: { fromFile: { type: 'string', minLength: 1 } }, required: ['fromFile'], additionalProperties: false },
    { type: 'object', properties: { fromEnv: { type: 'string', minLength: 1 } }, required: ['fromEnv'], additionalProperties: false },
  ],
};

type Node = { properties?: Record<string, Node>; anyOf?: Node[] } & Record<string, unknown>;

/** Secret fields accept a string or a { fromFile } / { fromEnv } reference (resolved at run time). */
function allowSecretRefs(schema: Node): void {
  for (const field of SECRET_FIELDS) {
    const [parent, leaf] = field.split('.') as [string, string];
    const container = schema.properties?.[parent];
    const holders = container?.anyOf ?? (container ? [container] : []);
    for (const holder of holders) {
      const property = holder.properties?.[leaf];
      if (property) holder.properties![leaf] = { anyOf: [property, ...SECRET_REF.anyOf] } as Node;
    }
  }
}

export function answersJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(AnswersSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  allowSecretRefs(schema);
  return {
    ...schema,
    $id: 'https://winjoin.invalid/schemas/answers-v1.json',
    title: 'WinJoin answer file v1',
    description: 'What the WinJoin wizard saves and what `winjoin join --answers FILE` reads. Field names are a public contract.',
  };
}
