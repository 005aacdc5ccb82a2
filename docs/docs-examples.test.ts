import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswersSchema } from '../shared/answers.js';
import { resolveSecretRefs } from '../shared/secret-refs.js';

/** Every ```json block in the docs that looks like an answer file must be one. */
function answerFileExamples(): { file: string; text: string }[] {
  const dir = import.meta.dirname;
  const found: { file: string; text: string }[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.md'))) {
    const markdown = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const match of markdown.matchAll(/```json\n([\s\S]*?)```/g)) {
      if (match[1]!.includes('"version"')) found.push({ file: name, text: match[1]! });
    }
  }
  return found;
}

describe('answer files in the docs', () => {
  const examples = answerFileExamples();
  it('there are examples to check', () => expect(examples.length).toBeGreaterThan(0));
  it.each(examples.map((e, i) => [`${e.file} #${i + 1}`, e.text]))('%s is a valid answer file', (_name, text) => {
    const fake = { readFile: () => 'http://user:pw@proxy.corp.example:8080', readEnv: () => 'http://user:pw@proxy.corp.example:8080' };
    const resolved = resolveSecretRefs(JSON.parse(text), fake);
    expect(resolved.errors).toEqual([]);
    const result = AnswersSchema.safeParse(resolved.answers);
    expect(result.error?.issues ?? []).toEqual([]);
  });
});
