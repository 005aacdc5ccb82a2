import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers, type Answers } from '../../shared/answers.js';
import type { PlannedStep } from '../../shared/plan.js';
import { loadAnswersFile } from '../cli/load-answers.js';
import { JoinEngine } from './engine.js';
import { fakeStep } from './testing/fake-steps.js';
import type { Recipe, StepContext, StepExecutor } from './types.js';

const HTTP_PASSWORD = 'Http/Canary@1:%#';
const HTTP_URL = `http://ops:${encodeURIComponent(HTTP_PASSWORD)}@127.0.0.1:3128/`;
const ENV_URL = 'http://ops:EnvCanary-7f3a9@127.0.0.1:3129/';
const TOKEN = 'abcdef.tokencanary0000x';
const ENV = 'WINJOIN_TEST_SEALED_HTTPS';

/** Every form a canary could take in a file: as written, decoded, percent-encoded, base64 (also as user:password). */
function leaks(text: string): string[] {
  const canaries = [HTTP_PASSWORD, encodeURIComponent(HTTP_PASSWORD), 'EnvCanary-7f3a9', 'tokencanary0000x'];
  const forms = canaries.flatMap((c) => [c, Buffer.from(c).toString('base64'), Buffer.from(`ops:${c}`).toString('base64')]);
  return forms.filter((f) => text.includes(f));
}

/** A recipe that hands every secret field to a step, as the real ones do (proxy URLs, the join token). */
const recipe: Recipe = (answers) => [
  fakeStep('prerequisites', []),
  {
    ...fakeStep('proxy', ['prerequisites']),
    params: { httpProxy: answers.proxy?.http ?? '', httpsProxy: answers.proxy?.https ?? '', token: answers.join.token },
  },
];

let dir: string;
let stateDir: string;
let seen: StepContext[];
let restartOnce: boolean;
const executor: StepExecutor = async (context) => {
  seen.push(context);
  if (context.step.id === 'prerequisites' && restartOnce) {
    restartOnce = false;
    return { status: 'restart-pending', exitCode: 3010 };
  }
  if (context.step.id === 'proxy' && fs.existsSync(path.join(dir, 'fail'))) {
    return {
      status: 'failed',
      exitCode: 1,
      error: { code: 'E_DOWNLOAD_NETWORK', message: `no answer through ${context.step.params.httpProxy}` },
    };
  }
  return { status: 'done', exitCode: 0 };
};

function engine(): JoinEngine {
  return new JoinEngine({ stateDir, recipe, executor });
}

function writeAnswers(patch: (a: Record<string, any>) => void): string {
  const answers = structuredClone(exampleAnswers()) as Record<string, any>;
  answers.proxy = { http: HTTP_URL, https: { fromEnv: ENV }, noProxy: [] };
  answers.join.token = { fromFile: path.join(dir, 'token.txt') };
  patch(answers);
  const file = path.join(dir, 'answers.json');
  fs.writeFileSync(file, JSON.stringify(answers));
  return file;
}

function load(file: string) {
  const loaded = loadAnswersFile(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded;
}

const stateText = () => fs.readFileSync(path.join(stateDir, 'state.json'), 'utf8');
const proxyParams = (context: StepContext | undefined) => context?.step.params as Record<string, unknown>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-sealed-'));
  stateDir = path.join(dir, 'state');
  fs.writeFileSync(path.join(dir, 'token.txt'), `${TOKEN}\n`);
  process.env[ENV] = ENV_URL;
  seen = [];
  restartOnce = true;
});
afterEach(() => {
  delete process.env[ENV];
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('state.json holds secret markers and their sources, never the values', () => {
  it('keeps references and the answer file path; a new process resumes by reading them again', async () => {
    const loaded = load(writeAnswers(() => {}));
    const first = engine();
    const { done } = first.start(loaded.answers, { secrets: loaded.secrets, secretOrigins: loaded.origins });
    expect(await done).toBe('restart-required');
    await first.close();

    const text = stateText();
    expect(leaks(text)).toEqual([]);
    const saved = JSON.parse(text);
    expect(saved.plan.steps[1].params).toEqual({
      httpProxy: '[[winjoin-secret:proxy.http]]',
      httpsProxy: '[[winjoin-secret:proxy.https]]',
      token: '[[winjoin-secret:join.token]]',
    });
    expect(saved.plan.downloadSettings.proxy).toMatchObject({
      http: '[[winjoin-secret:proxy.http]]',
      https: '[[winjoin-secret:proxy.https]]',
    });
    expect(saved.secrets).toEqual([
      { field: 'proxy.http', source: { answersFile: path.join(dir, 'answers.json') } },
      { field: 'proxy.https', source: { fromEnv: ENV } },
      { field: 'join.token', source: { fromFile: path.join(dir, 'token.txt') } },
    ]);
    // The executor had the values; a state snapshot (what a window and the preview get) has the markers.
    expect(seen[0]!.downloadSettings.proxy?.http).toBe(HTTP_URL);

    seen = [];
    const second = engine();
    expect(leaks(JSON.stringify(second.state()))).toEqual([]);
    expect(await second.resume().done).toBe('succeeded');
    await second.close();
    expect(proxyParams(seen.find((c) => c.step.id === 'proxy'))).toEqual({ httpProxy: HTTP_URL, httpsProxy: ENV_URL, token: TOKEN });
    expect(seen[0]!.downloadSettings.proxy).toMatchObject({ http: HTTP_URL, https: ENV_URL });
    expect(leaks(stateText())).toEqual([]);
  });

  it('reads a rotated reference again: the resumed step gets the value the source holds now', async () => {
    const loaded = load(writeAnswers(() => {}));
    const first = engine();
    await first.start(loaded.answers, { secrets: loaded.secrets, secretOrigins: loaded.origins }).done;
    await first.close();
    process.env[ENV] = 'http://ops:Rotated-2@127.0.0.1:3129/';
    const second = engine();
    await second.resume().done;
    await second.close();
    expect(proxyParams(seen.at(-1)).httpsProxy).toBe('http://ops:Rotated-2@127.0.0.1:3129/');
  });

  it.each([
    ['an unset environment variable', () => delete process.env[ENV], 'proxy.https', 'fromEnv', ENV],
    ['a removed token file', () => fs.rmSync(path.join(dir, 'token.txt')), 'join.token', 'fromFile', 'token.txt'],
    ['a removed answer file', () => fs.rmSync(path.join(dir, 'answers.json')), 'proxy.http', 'answersFile', 'answers.json'],
  ])('refuses to resume with %s, naming the field and the source, before any step runs', async (_name, breakIt, field, context, source) => {
    const loaded = load(writeAnswers(() => {}));
    const first = engine();
    await first.start(loaded.answers, { secrets: loaded.secrets, secretOrigins: loaded.origins }).done;
    await first.close();
    breakIt();
    seen = [];
    const second = engine();
    let error: unknown;
    try {
      second.resume();
    } catch (caught) {
      error = caught;
    }
    await second.close();
    expect(error).toMatchObject({ code: 'E_SECRET_UNAVAILABLE', params: { field, context, source: expect.stringContaining(source) } });
    expect((error as Error).message).toContain(field);
    expect(seen).toEqual([]);
    expect(second.state()?.phase).toBe('restart-required');
  });

  it('keeps a wizard-typed secret in memory only: this process resumes, a new one refuses until the answers are given', async () => {
    const answers: Answers = { ...exampleAnswers(), proxy: { http: HTTP_URL, https: HTTP_URL, noProxy: [], addClusterRanges: true } };
    const first = engine();
    await first.start(answers).done;
    expect(leaks(stateText())).toEqual([]);
    // Both fields hold the same URL: its one marker names the first, and only marked fields are kept.
    // The masked form (no password) is what a later resume shows when it asks for the password again.
    expect(JSON.parse(stateText()).secrets).toEqual([
      { field: 'proxy.http', source: { entered: true }, hint: 'http://ops:***@127.0.0.1:3128/' },
    ]);
    fs.writeFileSync(path.join(dir, 'fail'), '');
    restartOnce = false;
    expect(await first.resume().done).toBe('failed');
    // The step's error quoted the proxy URL: state.json keeps it masked, as the journal does.
    expect(leaks(stateText())).toEqual([]);
    expect(JSON.parse(stateText()).steps[1].error.message).toBe('no answer through http://ops:***@127.0.0.1:3128/');
    await first.close();
    fs.rmSync(path.join(dir, 'fail'));

    const second = engine();
    expect(() => second.resume()).toThrow(
      expect.objectContaining({
        code: 'E_SECRET_UNAVAILABLE',
        params: expect.objectContaining({ field: 'proxy.http', context: 'entered' }),
      }),
    );
    seen = [];
    expect(await second.resume(answers).done).toBe('succeeded');
    await second.close();
    expect(proxyParams(seen.find((c) => c.step.id === 'proxy')).httpProxy).toBe(HTTP_URL);
  });

  it('leaves a proxy URL without a password readable, and seals it when it came from a reference', async () => {
    const plain = 'http://proxy.corp.example:3128/';
    const answers: Answers = { ...exampleAnswers(), proxy: { http: plain, https: plain, noProxy: [], addClusterRanges: true } };
    restartOnce = false;
    const first = engine();
    await first.start(answers).done;
    await first.close();
    expect(JSON.parse(stateText()).plan.steps[1].params.httpProxy).toBe(plain);

    process.env[ENV] = plain;
    const loaded = load(writeAnswers((a) => (a.proxy = { http: { fromEnv: ENV }, https: { fromEnv: ENV }, noProxy: [] })));
    const second = engine();
    await second.start(loaded.answers, { secrets: loaded.secrets, secretOrigins: loaded.origins }).done;
    await second.close();
    const steps = JSON.parse(stateText()).plan.steps as PlannedStep[];
    expect(steps[1]!.params.httpProxy).toMatch(/^\[\[winjoin-secret:proxy\.https?\]\]$/);
  });
});
