import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exampleAnswers, type Answers } from '../../shared/answers.js';
import { loadAnswersFile } from '../cli/load-answers.js';
import { exportAnswers } from './answer-export.js';
import { createService, type WinJoinService } from './create-service.js';
import { dispatch } from './dispatch.js';
import { fakeDeps } from './testing/fake-deps.js';

const PASSWORD = 'pr0xy/S3cret@#1';
const URL_WITH_PASSWORD = `http://ops:${encodeURIComponent(PASSWORD)}@proxy.corp:8080`;
const TOKEN = 'abcdef.0123456789abcdef';

function withSecrets(https = URL_WITH_PASSWORD): Answers {
  const answers = exampleAnswers();
  return {
    ...answers,
    proxy: { http: URL_WITH_PASSWORD, https, noProxy: ['.corp'], addClusterRanges: true },
    join: { ...answers.join, token: TOKEN },
  };
}

/** Every form a secret could take in a file written from these answers. */
function leaks(text: string): string[] {
  return [PASSWORD, encodeURIComponent(PASSWORD), TOKEN, TOKEN.slice(7)].filter((s) => text.includes(s));
}

describe('exportAnswers', () => {
  it('names environment variables instead of the secrets, and the file loads again once they are set', () => {
    const exported = exportAnswers(withSecrets(), false);
    expect(leaks(exported.content)).toEqual([]);
    expect(exported.holdsSecrets).toBe(false);
    // One variable for both proxies when the wizard made them the same URL.
    expect(exported.references).toEqual([
      { field: 'proxy.http', fromEnv: 'WINJOIN_PROXY_URL' },
      { field: 'proxy.https', fromEnv: 'WINJOIN_PROXY_URL' },
      { field: 'join.token', fromEnv: 'WINJOIN_JOIN_TOKEN' },
    ]);
    const parsed = JSON.parse(exported.content) as { proxy: Record<string, unknown>; join: Record<string, unknown> };
    expect(parsed.proxy).toMatchObject({ http: { fromEnv: 'WINJOIN_PROXY_URL' }, noProxy: ['.corp'] });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-export-'));
    try {
      const file = path.join(dir, 'answers.json');
      fs.writeFileSync(file, exported.content);
      vi.stubEnv('WINJOIN_PROXY_URL', URL_WITH_PASSWORD);
      vi.stubEnv('WINJOIN_JOIN_TOKEN', TOKEN);
      const loaded = loadAnswersFile(file);
      expect(loaded.ok && loaded.answers).toEqual(withSecrets());
      vi.stubEnv('WINJOIN_JOIN_TOKEN', '');
      expect(loadAnswersFile(file)).toMatchObject({ ok: false, errors: [{ field: 'join.token', key: 'validation.secret.empty' }] });
    } finally {
      vi.unstubAllEnvs();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives each proxy its own variable when the URLs differ, and leaves a proxy without password as written', () => {
    const differ = exportAnswers(withSecrets('http://ops:other@proxy2.corp:3128'), false).references.map((r) => r.fromEnv);
    expect(differ).toEqual(['WINJOIN_PROXY_HTTP_URL', 'WINJOIN_PROXY_HTTPS_URL', 'WINJOIN_JOIN_TOKEN']);
    const plain = exportAnswers(withSecrets('http://proxy2.corp:3128'), false);
    expect(plain.references.map((r) => r.field)).toEqual(['proxy.http', 'join.token']);
    expect(JSON.parse(plain.content).proxy.https).toBe('http://proxy2.corp:3128');
    expect(exportAnswers(exampleAnswers(), false)).toMatchObject({ references: [], holdsSecrets: false });
  });

  it('writes the values only when asked to', () => {
    const exported = exportAnswers(withSecrets(), true);
    expect(JSON.parse(exported.content)).toEqual(withSecrets());
    expect(exported).toMatchObject({ references: [], holdsSecrets: true });
    expect(exportAnswers(exampleAnswers(), true).holdsSecrets).toBe(false);
  });
});

describe('answers:save in the service', () => {
  let dir: string;
  let service: WinJoinService;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-save-'));
    service = await createService({ stateDir: dir, shell: 'preview', deps: fakeDeps() });
  });
  afterEach(async () => {
    await service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no secret in the state directory, even when the page asks to include them', async () => {
    for (const includeSecrets of [false, true]) {
      const envelope = await dispatch(service.handlers, 'answers:save', { answers: withSecrets(), includeSecrets });
      expect(envelope).toMatchObject({ ok: true, result: { path: path.join(dir, 'answers.json'), secretsIncluded: false } });
      const text = fs.readFileSync(path.join(dir, 'answers.json'), 'utf8');
      expect(leaks(text)).toEqual([]);
      expect(JSON.parse(text).proxy.http).toEqual({ fromEnv: 'WINJOIN_PROXY_URL' });
    }
  });
});
