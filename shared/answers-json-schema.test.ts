import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answersJsonSchema } from './answers-json-schema.js';

describe('published answer-file schema', () => {
  it('is what the zod schema generates (run `npm run schema` after changing shared/answers.ts)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'answers.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(answersJsonSchema())));
  });

  it('names the public fields of v1', () => {
    const schema = answersJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['version', 'recipe', 'installDir', 'kubernetesVersion', 'cluster', 'proxy', 'network', 'nodeName', 'verify']),
    );
    expect(Object.keys(schema.properties.network!.properties!)).toEqual(
      expect.arrayContaining(['topology', 'clusterCidr', 'serviceCidr', 'dnsServiceIp', 'masterIp', 'interfaceAlias']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'cluster', 'network']));
  });
});
