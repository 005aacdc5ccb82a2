import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectAnswerSecrets } from '../../shared/redact.js';
import { Journal } from './journal.js';

const PASSWORD = "pa'ss$(whoami)Canary";
const PROXY = `http://ops:${PASSWORD}@proxy.corp:3128/`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('the journal masks secrets before they reach the file or a listener', () => {
  it('shows a proxy as http://ops:***@host:port/ and no canary in any encoding', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-mask-'));
    const journal = Journal.open(dir);
    const seen: string[] = [];
    journal.subscribe((batch) => seen.push(JSON.stringify(batch)));
    journal.maskSecrets(collectAnswerSecrets({ proxy: { http: PROXY } }, ['FromEnvCanary-0123']));
    journal.append('run', { type: 'step.output', stepId: 'proxy', stream: 'stdout', line: `HTTP_PROXY set to ${PROXY}` });
    journal.append('run', {
      type: 'step.output',
      stepId: 'proxy',
      stream: 'stderr',
      line: `enc ${encodeURIComponent(PASSWORD)} b64 ${b64(`ops:${PASSWORD}`)}`,
    });
    journal.append('run', { type: 'step.output', stepId: 'kubelet', stream: 'stdout', line: 'token from env: FromEnvCanary-0123' });
    journal.append('run', {
      type: 'step.failed',
      stepId: 'proxy',
      error: { code: 'E_STEP_FAILED', message: `failed via ${PROXY}` },
    } as never);
    journal.close();
    const text = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8') + seen.join('\n');
    expect(text).toContain('HTTP_PROXY set to http://ops:***@proxy.corp:3128/');
    for (const leak of [PASSWORD, encodeURIComponent(PASSWORD), b64(`ops:${PASSWORD}`).slice(4, 20), 'FromEnvCanary'])
      expect(text).not.toContain(leak);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
