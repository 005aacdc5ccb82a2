// Regenerates shared/answers.schema.json from the zod schema (npm run schema).
import fs from 'node:fs';
import path from 'node:path';
import { answersJsonSchema } from '../shared/answers-json-schema.js';

const out = path.join(import.meta.dirname, '..', 'shared', 'answers.schema.json');
fs.writeFileSync(out, JSON.stringify(answersJsonSchema(), null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), out)}`);
